import { type Logger } from 'pino';
import { type SimMessage } from '../domain/message';
import { countSegments } from '../domain/segments';
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
 * `POST Messages.json`: the message is stored as `queued` and returned at once, as on Twilio;
 * its delivery continues in the background.
 */
export class CreateOutboundMessage {
  constructor(private readonly deps: CreateOutboundMessageDeps) {}

  execute(request: CreateMessageRequest): SimMessage {
    const now = new Date();
    const message: SimMessage = {
      sid: newMessageSid(),
      accountSid: this.deps.accountSid,
      direction: 'outbound-api',
      from: request.from,
      to: request.to,
      body: request.body,
      mediaUrls: request.mediaUrls,
      numSegments: countSegments(request.body),
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
      { messageSid: message.sid, from: message.from, to: message.to, statusCallback: message.statusCallback },
      'outbound message queued',
    );
    this.deps.tasks.start('outbound delivery', async (signal) => {
      await fetchOutboundMedia(message, this.deps.state, this.deps.logger, signal);
      await this.deps.delivery.run(message, signal);
    });
    return message;
  }
}
