import { Inject, Injectable } from '@nestjs/common';
import { countSegments, type EnvelopeOf } from '@threadline/contracts';
import { type HandlerContext, OUTBOX, type Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { SmsGatewayErrorCodes } from '../domain/error-codes';
import { lockOutboundMessage } from '../infra/persistence/advisory-locks';
import { CompanyNumberRepository } from '../infra/persistence/company-number.repository';
import {
  type OutboundMessage,
  OutboundMessageRepository,
} from '../infra/persistence/outbound-message.repository';
import {
  ProviderThrottledError,
  SMS_PROVIDERS,
  type SendRequest,
  type SendResult,
  type SmsProvider,
  SmsProviders,
} from '../infra/providers/sms-provider';
import { SendRateLimiter } from '../infra/send-rate-limiter';
import { SmsGatewayMetrics } from '../infra/sms-gateway.metrics';
import { MediaUrlSigner } from './media-url-signer';
import { outboundStatusChanged } from './outbound-status-event';
import { type AttemptContext, ProviderSend } from './provider-send';

type SendCommand = EnvelopeOf<'sms.outbound.send.v1'>;

/**
 * Sends one SMS through the provider, once per outboundId, in the consumer's transaction,
 * and announces its first status (sms.outbound.status-changed.v1). Once a message has a row
 * it is not sent again under that outboundId, whether it was accepted or refused: failed is
 * final (S3), so trying again is a new send with a new outboundId.
 *
 * One window remains where the provider may hold the message while we have no row: it
 * accepted the message and then our transaction did not commit (the process died, Postgres
 * failed, the answer arrived after the provider timeout). Neither Twilio's nor Telnyx's messaging
 * API deduplicates on our key, so every redelivery first asks the provider for a message of this
 * send it does not know yet and adopts it (ProviderSend); a provider without that lookup may
 * send twice, a rare duplicate SMS being preferred to a lost one.
 */
@Injectable()
export class SendSmsUseCase {
  constructor(
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(SMS_PROVIDERS) private readonly providers: SmsProviders,
    @Inject(SendRateLimiter) private readonly limiter: SendRateLimiter,
    @Inject(SmsGatewayMetrics) private readonly metrics: SmsGatewayMetrics,
    @Inject(ProviderSend) private readonly providerSend: ProviderSend,
    @Inject(MediaUrlSigner) private readonly mediaUrls: MediaUrlSigner,
  ) {}

  async execute(command: SendCommand, { manager, logger, deliveryCount }: HandlerContext): Promise<void> {
    const send = command.data;
    const log = logger.child({ outboundId: send.outboundId, interactionId: send.interactionId });
    // Held until commit: a second delivery of this command waits here and then finds the
    // message, and a status callback racing the provider's answer waits for the answer.
    await lockOutboundMessage(manager, send.outboundId);
    const messages = new OutboundMessageRepository(manager);
    if (await messages.find(send.outboundId)) {
      log.info('outbound SMS already handled; not sent again');
      return;
    }
    const { encoding, segments } = countSegments(send.body);
    // The message leaves through the provider account its company number belongs to.
    const number = await new CompanyNumberRepository(manager).activeNumber(send.from);
    const provider = number === null ? undefined : this.providers.get(number.provider);
    const base = {
      id: send.outboundId,
      // A number we do not own has no provider; its refusal is recorded under 'none'.
      provider: number?.provider ?? 'none',
      from: send.from,
      to: send.to,
      body: send.body,
      interactionId: send.interactionId,
      encoding,
      segments,
    };
    // A number we do not own (or no longer use) is a definite answer, not a fault to retry:
    // the send is failed, and agents see why (S3).
    if (!provider) {
      await this.store(
        manager,
        {
          ...base,
          providerMessageId: null,
          status: 'failed',
          errorCode: SmsGatewayErrorCodes.UNKNOWN_COMPANY_NUMBER,
        },
        command.id,
      );
      log.warn(
        { from: send.from, provider: number?.provider ?? null },
        'outbound SMS refused: not sent from an active company number of a configured provider',
      );
      return;
    }
    const result = await this.sendPausingWhenThrottled(
      provider,
      { ...send, mediaUrls: this.mediaUrls.urlsFor(send.media) },
      {
        deliveryCount,
        askedAt: new Date(command.occurredAt),
        messages,
        logger: log,
      },
    );
    const message: OutboundMessage = {
      ...base,
      ...(result.outcome === 'accepted'
        ? { providerMessageId: result.providerMessageId, status: result.status, errorCode: null }
        : { providerMessageId: null, status: 'failed', errorCode: result.errorCode }),
    };
    await this.store(manager, message, command.id);
    if (result.outcome === 'accepted') {
      log.info({ providerMessageId: result.providerMessageId, status: result.status }, 'outbound SMS sent');
    } else {
      log.warn({ errorCode: result.errorCode, reason: result.message }, 'provider refused the outbound SMS');
    }
  }

  /**
   * A provider that says the number sends too fast pauses that number on every replica
   * (following sends wait their turn after the pause), and this message is retried.
   */
  private async sendPausingWhenThrottled(
    provider: SmsProvider,
    send: SendRequest,
    context: AttemptContext,
  ): Promise<SendResult> {
    try {
      return await this.providerSend.attempt(provider, send, context);
    } catch (error) {
      if (error instanceof ProviderThrottledError) {
        this.metrics.providerThrottled();
        await this.limiter.pause(send.from, error.retryAfterMs);
      }
      throw error;
    }
  }

  private async store(manager: EntityManager, message: OutboundMessage, causationId: string): Promise<void> {
    await new OutboundMessageRepository(manager).insert(message);
    await this.outbox.add(manager, [outboundStatusChanged(message, causationId)]);
  }
}
