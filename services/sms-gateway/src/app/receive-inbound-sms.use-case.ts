import { Inject, Injectable } from '@nestjs/common';
import { createEnvelope } from '@threadline/contracts';
import { DATA_SOURCE, LOGGER, OUTBOX, type Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { unknownCompanyNumber } from '../domain/inbound-rejection';
import type { MediaItem } from '../domain/inbound-media';
import type { InboundSms } from '../domain/inbound-sms';
import type { WebhookRejection } from '../domain/webhook-form';
import { lockPhonePair } from '../infra/persistence/advisory-locks';
import { CompanyNumberRepository } from '../infra/persistence/company-number.repository';
import { InboundMessageRepository } from '../infra/persistence/inbound-message.repository';

export type InboundSmsReceived =
  | { outcome: 'accepted'; messageId: string }
  /** The provider delivered this message before; nothing was stored or announced again. */
  | { outcome: 'duplicate' }
  /** Refused, nothing stored or announced; the caller keeps the refusal (rejected messages). */
  | { outcome: 'refused'; rejection: WebhookRejection };

/**
 * Accepts an SMS from a requester: stores it once and announces it once
 * (sms.inbound.received.v1), in one transaction, or refuses it and stores nothing. Its media
 * were kept before (KeepInboundMedia); the message refers to them by our keys.
 */
@Injectable()
export class ReceiveInboundSmsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(provider: string, sms: InboundSms, media: MediaItem[]): Promise<InboundSmsReceived> {
    const result = await this.dataSource.transaction(async (manager): Promise<InboundSmsReceived> => {
      if (!(await new CompanyNumberRepository(manager).isActive(sms.to, provider))) {
        return { outcome: 'refused', rejection: unknownCompanyNumber(provider) };
      }
      await lockPhonePair(manager, sms.from, sms.to);
      const stored = await new InboundMessageRepository(manager).insertIfNew(uuidv7(), provider, sms, media);
      if (!stored) return { outcome: 'duplicate' };
      await this.outbox.add(manager, [
        createEnvelope(
          'sms.inbound.received.v1',
          {
            messageId: stored.id,
            provider,
            providerMessageId: sms.providerMessageId,
            from: sms.from,
            to: sms.to,
            body: sms.body,
            media,
            receivedAt: stored.receivedAt.toISOString(),
            sequence: stored.sequence,
          },
          // No conversation yet (interaction assigns one downstream) and an outside cause.
          { occurredAt: stored.receivedAt },
        ),
      ]);
      return { outcome: 'accepted', messageId: stored.id };
    });
    // Refusals are logged where they are kept (KeepRejectedInboundSmsUseCase).
    if (result.outcome === 'refused') return result;
    const duplicate = result.outcome === 'duplicate';
    // One line per SMS is debug: at production rates info would be mostly this.
    this.logger[duplicate ? 'info' : 'debug'](
      { providerMessageId: sms.providerMessageId, messageId: duplicate ? null : result.messageId, duplicate },
      duplicate ? 'inbound SMS already accepted; ignored' : 'inbound SMS accepted',
    );
    return result;
  }
}
