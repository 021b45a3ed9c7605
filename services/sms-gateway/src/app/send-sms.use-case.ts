import { Inject, Injectable } from '@nestjs/common';
import type { EnvelopeOf } from '@threadline/contracts';
import { type HandlerContext, OUTBOX, type Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { SmsGatewayErrorCodes } from '../domain/error-codes';
import { lockOutboundMessage } from '../infra/persistence/advisory-locks';
import { CompanyNumberRepository } from '../infra/persistence/company-number.repository';
import {
  type OutboundMessage,
  OutboundMessageRepository,
} from '../infra/persistence/outbound-message.repository';
import { MediaUrlSigner } from './media-url-signer';
import { SMS_PROVIDER, type SmsProvider } from '../infra/providers/sms-provider';
import { outboundStatusChanged } from './outbound-status-event';

type SendCommand = EnvelopeOf<'sms.outbound.send.v1'>;

/**
 * Sends one SMS through the provider, once per outboundId, in the consumer's transaction,
 * and announces its first status (sms.outbound.status-changed.v1). Once a message has a row
 * it is not sent again under that outboundId, whether it was accepted or refused: failed is
 * final (S3), so trying again is a new send with a new outboundId.
 *
 * Exactly-once towards the provider holds except in one window: the provider accepted the
 * message and then our transaction did not commit (the process died, Postgres failed, the
 * answer arrived after the provider timeout). The command is then redelivered and the message
 * is sent again. Closing the window would need the provider to deduplicate on our key, which
 * Twilio's Messages API does not offer; a rare duplicate SMS is preferred to a lost one.
 */
@Injectable()
export class SendSmsUseCase {
  constructor(
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
    @Inject(MediaUrlSigner) private readonly mediaUrls: MediaUrlSigner,
  ) {}

  async execute(command: SendCommand, { manager, logger }: HandlerContext): Promise<void> {
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
    const base = {
      id: send.outboundId,
      provider: this.provider.key,
      from: send.from,
      to: send.to,
      body: send.body,
      interactionId: send.interactionId,
    };
    // A number we do not own (or no longer use) is a definite answer, not a fault to retry:
    // the send is failed, and agents see why (S3).
    if (!(await new CompanyNumberRepository(manager).isActive(send.from, this.provider.key))) {
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
      log.warn({ from: send.from }, 'outbound SMS refused: not sent from an active company number');
      return;
    }
    const result = await this.provider.send({ ...send, mediaUrls: this.mediaUrls.urlsFor(send.media) });
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

  private async store(manager: EntityManager, message: OutboundMessage, causationId: string): Promise<void> {
    await new OutboundMessageRepository(manager).insert(message);
    await this.outbox.add(manager, [outboundStatusChanged(message, causationId)]);
  }
}
