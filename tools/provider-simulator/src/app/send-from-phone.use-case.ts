import { type Logger } from 'pino';
import { type SimMessage } from '../domain/message';
import { numSegments } from '../domain/num-segments';
import { randomUUID } from 'node:crypto';
import { newMediaSid, newMessageSid } from '../domain/sid';
import { telnyxInboundEvent } from '../domain/telnyx-events';
import { inboundWebhookParams } from '../domain/twilio-webhook-params';
import { type WebhookPoster } from '../infra/webhook-poster';
import { type BackgroundTasks } from './background-tasks';
import { type SimulatorState } from './simulator-state';

export interface SendFromPhoneCommand {
  /** The simulated handset, E.164. */
  phone: string;
  /** The company number it texts, E.164. */
  to: string;
  body: string;
  mediaUrls: string[];
  /** Images the phone attaches; the simulator serves them to the gateway as Twilio would. */
  images?: Array<{ contentType: string; bytes: Buffer }>;
}

export interface SendFromPhoneResult {
  messageSid: string;
  webhook: { status: number | null; attempts: number; latencyMs: number };
}

export interface SendFromPhoneDeps {
  state: SimulatorState;
  poster: WebhookPoster;
  tasks: BackgroundTasks;
  accountSid: string;
  defaultWebhookUrl: string;
  /** The company numbers at the simulated Telnyx account, and where Telnyx posts their messages. */
  telnyxNumbers: ReadonlySet<string>;
  telnyxWebhookUrl: string;
  logger: Logger;
  /** The simulator's own URL, once it listens: attached images are served there. */
  baseUrl: () => string;
}

/**
 * A phone texts a company number: the simulator posts the inbound webhook of the number's
 * provider (Twilio's form, or Telnyx's signed message.received) to the number's webhook URL, retrying once (same MessageSid) when the first try gets no 2xx in time, and
 * answers only when the exchange is over, so a test knows what the gateway said.
 */
export class SendFromPhone {
  constructor(private readonly deps: SendFromPhoneDeps) {}

  async execute(command: SendFromPhoneCommand): Promise<SendFromPhoneResult> {
    const { state, poster, tasks, logger } = this.deps;
    const now = new Date();
    const telnyx = this.deps.telnyxNumbers.has(command.to);
    const sid = telnyx ? randomUUID() : newMessageSid();
    const media = (command.images ?? []).map((image) => ({
      sid: newMediaSid(),
      contentType: image.contentType,
      bytes: image.bytes,
      error: null,
    }));
    for (const medium of media) state.addMedia(medium);
    const servedAt = (mediaSid: string) =>
      `${this.deps.baseUrl()}/2010-04-01/Accounts/${this.deps.accountSid}/Messages/${sid}/Media/${mediaSid}`;
    const message: SimMessage = {
      provider: telnyx ? 'telnyx' : 'twilio',
      sid,
      accountSid: this.deps.accountSid,
      direction: 'inbound',
      from: command.phone,
      to: command.to,
      body: command.body,
      mediaUrls: media.length > 0 ? media.map((medium) => servedAt(medium.sid)) : command.mediaUrls,
      ...(media.length > 0 ? { media } : {}),
      numSegments: numSegments(command.body),
      status: 'received',
      errorCode: null,
      statusCallback: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      statusHistory: [{ status: 'received', errorCode: null, at: now }],
      webhookAttempts: [],
    };
    state.addMessage(message);
    const url =
      state.webhookFor(command.to) ?? (telnyx ? this.deps.telnyxWebhookUrl : this.deps.defaultWebhookUrl);
    const context = {
      provider: message.provider,
      messageSid: message.sid,
      from: message.from,
      to: message.to,
      url,
    };

    const result = await poster.post({
      url,
      ...(telnyx
        ? { telnyxEvent: telnyxInboundEvent(message, url) }
        : { params: inboundWebhookParams(message) }),
      maxAttempts: 2,
      signal: tasks.signal,
      onAttempt: (outcome) => {
        message.webhookAttempts.push({ kind: 'inbound', url, messageStatus: 'received', ...outcome });
        const level = outcome.error === null ? 'info' : 'warn';
        logger[level]({ ...context, ...outcome }, 'inbound webhook attempt');
      },
    });
    if (!result.ok) logger.warn({ ...context, attempts: result.attempts }, 'inbound webhook not accepted');

    return {
      messageSid: message.sid,
      webhook: { status: result.httpStatus, attempts: result.attempts, latencyMs: result.latencyMs },
    };
  }
}
