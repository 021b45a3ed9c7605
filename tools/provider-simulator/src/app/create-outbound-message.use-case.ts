import { type Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { type SimMessage, type SimProvider } from '../domain/message';
import { numSegments } from '../domain/num-segments';
import { newMessageSid } from '../domain/sid';
import { type CreateMessageRequest } from '../domain/twilio-create-message';
import { type BackgroundTasks } from './background-tasks';
import { type OutboundDelivery } from './outbound-delivery';
import { fetchOutboundMedia } from './outbound-media';
import { type SimulatorState } from './simulator-state';

export interface CreateOutboundMessageDeps {
  state: SimulatorState;
  tasks: BackgroundTasks;
  delivery: OutboundDelivery;
  accountSid: string;
  logger: Logger;
}

/**
 * `POST Messages.json` (Twilio) or `POST /v2/messages` (Telnyx): the message is stored as
 * `queued` and returned at once, as on both; its delivery continues in the background, reported
 * to its status callback (Twilio) or webhook_url (Telnyx) in that provider's format.
 */
export class CreateOutboundMessage {
  constructor(private readonly deps: CreateOutboundMessageDeps) {}

  execute(request: CreateMessageRequest, provider: SimProvider = 'twilio'): SimMessage {
    const now = new Date();
    const message: SimMessage = {
      provider,
      sid: provider === 'telnyx' ? randomUUID() : newMessageSid(),
      accountSid: this.deps.accountSid,
      direction: 'outbound-api',
      from: request.from,
      to: request.to,
      body: request.body,
      mediaUrls: request.mediaUrls,
      numSegments: numSegments(request.body),
      status: 'queued',
      errorCode: null,
      statusCallback: request.statusCallback,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      statusHistory: [{ status: 'queued', errorCode: null, at: now }],
      webhookAttempts: [],
    };
    this.deps.state.addMessage(message);
    this.deps.logger.info(
      {
        provider,
        messageSid: message.sid,
        from: message.from,
        to: message.to,
        statusCallback: message.statusCallback,
      },
      'outbound message queued',
    );
    this.deps.tasks.start('outbound delivery', async (signal) => {
      await fetchOutboundMedia(message, this.deps.state, this.deps.logger, signal);
      await this.deps.delivery.run(message, signal);
    });
    return message;
  }
}
