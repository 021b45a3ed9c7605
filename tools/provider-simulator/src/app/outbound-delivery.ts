import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger } from 'pino';
import { applyStatus, outboundStatusPlan, type SimMessage, type StatusStep } from '../domain/message';
import { telnyxStatusEvent } from '../domain/telnyx-events';
import { statusCallbackParams } from '../domain/twilio-webhook-params';
import { type WebhookPoster } from '../infra/webhook-poster';
import { type SimulatorState } from './simulator-state';

export interface OutboundDeliveryDeps {
  state: SimulatorState;
  poster: WebhookPoster;
  statusDelayMs: number;
  logger: Logger;
}

/**
 * Carries an outbound message through its statuses (`sent`, then `delivered` or the failure
 * configured for the recipient), pausing `statusDelayMs` before each. A status callback is
 * awaited before the next status, so the gateway sees them in order; Twilio does not retry
 * status callbacks, so each is tried once and its answer recorded.
 */
export class OutboundDelivery {
  constructor(private readonly deps: OutboundDeliveryDeps) {}

  async run(message: SimMessage, signal: AbortSignal): Promise<void> {
    const { state, statusDelayMs } = this.deps;
    const plan = outboundStatusPlan(state.failureFor(message.to));
    for (const step of plan) {
      await sleep(statusDelayMs, undefined, { signal });
      applyStatus(message, step, new Date());
      if (step.status === 'delivered') state.deliverToInbox(message);
      this.deps.logger.info(
        { messageSid: message.sid, to: message.to, status: step.status, errorCode: step.errorCode },
        'outbound message status changed',
      );
      if (message.statusCallback !== null) await this.callback(message, message.statusCallback, step, signal);
    }
  }

  private async callback(message: SimMessage, url: string, step: StatusStep, signal: AbortSignal) {
    const context = { messageSid: message.sid, to: message.to, status: step.status, url };
    await this.deps.poster.post({
      url,
      ...(message.provider === 'telnyx'
        ? { telnyxEvent: telnyxStatusEvent(message, step, url) }
        : { params: statusCallbackParams(message, step) }),
      maxAttempts: 1,
      signal,
      onAttempt: (outcome) => {
        message.webhookAttempts.push({
          kind: 'status-callback',
          url,
          messageStatus: step.status,
          ...outcome,
        });
        const level = outcome.error === null ? 'info' : 'warn';
        this.deps.logger[level]({ ...context, ...outcome }, 'status callback attempt');
      },
    });
  }
}
