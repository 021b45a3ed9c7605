import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { EnvelopeOf } from '@threadline/contracts';
import { CONFIG, DATA_SOURCE, type PrepareContext } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { sendRates, type SmsGatewayConfig } from '../config';
import { segmentSpacingMs, segmentsOf, type SendRates } from '../domain/send-rate';
import { CompanyNumberRepository } from '../infra/persistence/company-number.repository';
import { OutboundMessageRepository } from '../infra/persistence/outbound-message.repository';
import { SMS_PROVIDER, type SmsProvider } from '../infra/providers/sms-provider';
import { SendRateLimiter } from '../infra/send-rate-limiter';

type SendCommand = EnvelopeOf<'sms.outbound.send.v1'>;

/**
 * Waits until the company number may send this message at its number type's rate, before the
 * send's transaction opens: a send waiting its turn holds no database connection and no lock.
 * Turns are booked in the order the consumer starts its messages, so a burst from one number
 * leaves in arrival order, one spacing apart, whichever replica sends each.
 *
 * A message already sent (a redelivery) or from a number that is not ours books no turn; only a
 * copy racing its original (both past this check) books a turn it will not use, which is rare.
 */
@Injectable()
export class WaitSendTurnUseCase {
  private readonly rates: SendRates;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
    @Inject(SendRateLimiter) private readonly limiter: SendRateLimiter,
    @Inject(CONFIG) config: SmsGatewayConfig,
  ) {
    this.rates = sendRates(config);
  }

  async execute(command: SendCommand, { logger }: PrepareContext): Promise<undefined> {
    const send = command.data;
    const manager = this.dataSource.manager;
    if (await new OutboundMessageRepository(manager).find(send.outboundId)) return undefined;
    const type = await new CompanyNumberRepository(manager).activeNumberType(send.from, this.provider.key);
    if (type === undefined) return undefined;
    const segments = segmentsOf(send.body);
    const waitMs = await this.limiter.book(send.from, segments, segmentSpacingMs(this.rates[type]));
    if (waitMs > 0) {
      logger.debug(
        { outboundId: send.outboundId, from: send.from, segments, waitMs },
        'waiting for the send rate',
      );
      await sleep(waitMs);
    }
    return undefined;
  }
}
