import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@threadline/platform';
import type { Logger } from 'pino';
import type { SmsGatewayConfig } from '../config';
import { sendAttempt } from '../domain/send-attempts';
import type { OutboundMessageRepository } from '../infra/persistence/outbound-message.repository';
import {
  ProviderUnavailableError,
  type SendRequest,
  type SendResult,
  type SmsProvider,
} from '../infra/providers/sms-provider';

/**
 * How far the provider's clock (and its second-resolution timestamps) may lag ours: a message
 * created this long before the send command still counts as one of its attempts.
 */
const CLOCK_TOLERANCE_MS = 60_000;

export interface AttemptContext {
  /** JetStream's delivery count of the send command (1 for the first). */
  deliveryCount: number;
  /** When the send was asked for: no attempt of it is older. */
  askedAt: Date;
  messages: OutboundMessageRepository;
  logger: Logger;
}

/**
 * One delivery's attempt at a send (S3): adopts the message an earlier attempt left with the
 * provider, or sends; a transient failure is thrown to be retried with back-off, until the last
 * attempt, where it becomes a failure carrying the last error code.
 */
@Injectable()
export class ProviderSend {
  constructor(@Inject(CONFIG) private readonly config: SmsGatewayConfig) {}

  /** One attempt through `provider`, the account the send's company number belongs to. */
  async attempt(provider: SmsProvider, request: SendRequest, context: AttemptContext): Promise<SendResult> {
    const plan = sendAttempt(context.deliveryCount, this.config.SMS_SEND_MAX_ATTEMPTS);
    try {
      if (plan.lookUpFirst) {
        const earlier = await this.earlierAttempt(provider, request, context);
        if (earlier) return earlier;
      }
      if (!plan.maySend) {
        return {
          outcome: 'rejected',
          errorCode: 'PROVIDER_UNAVAILABLE',
          message: `no attempt of ${this.config.SMS_SEND_MAX_ATTEMPTS} reached the provider`,
        };
      }
      return await provider.send(request);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError) || !plan.isLast) throw error;
      context.logger.warn(
        { err: error, deliveryCount: context.deliveryCount, errorCode: error.errorCode },
        'outbound SMS failed: the provider stayed unavailable on every attempt',
      );
      return { outcome: 'rejected', errorCode: error.errorCode, message: error.message };
    }
  }

  /** The provider's message from an earlier attempt, if it has one we do not know yet. */
  private async earlierAttempt(
    provider: SmsProvider,
    request: SendRequest,
    context: AttemptContext,
  ): Promise<SendResult | null> {
    if (!provider.findSent) return null;
    const since = new Date(context.askedAt.getTime() - CLOCK_TOLERANCE_MS);
    for (const candidate of await provider.findSent({ ...request, since })) {
      // A message already recorded is another send's, with the same text to the same phone.
      if (await context.messages.findIdByProviderMessageId(provider.key, candidate.providerMessageId))
        continue;
      context.logger.info(
        { providerMessageId: candidate.providerMessageId, deliveryCount: context.deliveryCount },
        'outbound SMS found with the provider from an earlier attempt; adopted, not sent again',
      );
      return { outcome: 'accepted', ...candidate };
    }
    return null;
  }
}
