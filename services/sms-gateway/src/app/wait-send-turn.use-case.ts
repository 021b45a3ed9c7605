import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { EnvelopeOf } from '@threadline/contracts';
import { CONFIG, DATA_SOURCE, type PrepareContext } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { sendRates, type SmsGatewayConfig } from '../config';
import { segmentSpacingMs, segmentsOf, type SendRates } from '../domain/send-rate';
import { CompanyNumberRepository } from '../infra/persistence/company-number.repository';
import { OutboundMessageRepository } from '../infra/persistence/outbound-message.repository';
import { SendRateLimiter } from '../infra/send-rate-limiter';
import { SmsGatewayMetrics } from '../infra/sms-gateway.metrics';

type SendCommand = EnvelopeOf<'sms.outbound.send.v1'>;

/** Bookings after a pause before a send goes anyway: a provider throttling forever fails it. */
const MAX_BOOKINGS = 10;

/**
 * Waits until the company number may send this message at its number type's rate, before the
 * send's transaction opens: a send waiting its turn holds no database connection and no lock.
 * Each number's sends book their turns one after another in the order the consumer started
 * them, so a burst from one number leaves in arrival order, one spacing apart, whichever
 * replica sends each. A pause (the provider throttled the number) sends the turns booked
 * before it to book again after it.
 *
 * A message already sent (a redelivery) or from a number that is not ours books no turn; only a
 * copy racing its original (both past this check) books a turn it will not use, which is rare.
 */
@Injectable()
export class WaitSendTurnUseCase {
  private readonly rates: SendRates;
  /** The last booking of each number in this process; the next one of the number follows it. */
  private readonly lastBooking = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SendRateLimiter) private readonly limiter: SendRateLimiter,
    @Inject(SmsGatewayMetrics) private readonly metrics: SmsGatewayMetrics,
    @Inject(CONFIG) config: SmsGatewayConfig,
  ) {
    this.rates = sendRates(config);
  }

  async execute(command: SendCommand, { logger }: PrepareContext): Promise<undefined> {
    const send = command.data;
    const booked = await this.inNumberOrder(send.from, () => this.book(command));
    if (booked === undefined) return undefined;
    const started = performance.now();
    let { waitMs } = booked;
    for (let bookings = 1; waitMs > 0 && bookings <= MAX_BOOKINGS; bookings++) {
      logger.debug({ outboundId: send.outboundId, from: send.from, waitMs }, 'waiting for the send rate');
      await sleep(waitMs);
      waitMs = await this.limiter.bookAgainIfPaused(send.from, booked.segments, booked.spacingMs);
    }
    this.metrics.sendRateWaited((performance.now() - started) / 1000);
    return undefined;
  }

  private async book(
    command: SendCommand,
  ): Promise<{ waitMs: number; segments: number; spacingMs: number } | undefined> {
    const send = command.data;
    const manager = this.dataSource.manager;
    if (await new OutboundMessageRepository(manager).find(send.outboundId)) return undefined;
    const number = await new CompanyNumberRepository(manager).activeNumber(send.from);
    if (number === null) return undefined;
    const segments = segmentsOf(send.body);
    const spacingMs = segmentSpacingMs(this.rates[number.numberType]);
    return { waitMs: await this.limiter.book(send.from, segments, spacingMs), segments, spacingMs };
  }

  /** Runs `step` after the previous step of `number` in this process settled. */
  private inNumberOrder<T>(number: string, step: () => Promise<T>): Promise<T> {
    const previous = this.lastBooking.get(number) ?? Promise.resolve();
    const next = previous.then(step, step);
    const settled = next.catch(() => undefined);
    this.lastBooking.set(number, settled);
    void settled.then(() => {
      if (this.lastBooking.get(number) === settled) this.lastBooking.delete(number);
    });
    return next;
  }
}
