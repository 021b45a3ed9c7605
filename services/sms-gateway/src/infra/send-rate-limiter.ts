import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, isDependencyUnavailable, LOGGER, REDIS } from '@threadline/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SmsGatewayConfig } from '../config';
import { LocalSendSchedule } from '../domain/send-rate';

/** Redis's clock in ms, so the replicas' clocks need not agree. */
const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/**
 * Books ARGV[1] segments of the number's schedule (KEYS[1]) at ARGV[2] ms each, and answers
 * how long the caller waits for its turn: the number's next free time moves on by one spacing
 * per segment. With ARGV[3] = 1 it books only while the number is paused (KEYS[2]), and
 * answers 0 otherwise. Every replica books on the same key in one atomic step, so the sends of
 * a number are spaced whatever process makes them, in the order they were booked, and a
 * message of many segments books a longer turn. The key outlives the last booking by a
 * second; then the number is idle and starts afresh.
 */
const BOOK_SCRIPT = `${NOW}
if ARGV[3] == '1' and redis.call('PTTL', KEYS[2]) <= 0 then return 0 end
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(free, now)
local after = start + tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 1000)
return math.ceil(start - now)
`;

/**
 * Pauses the number for ARGV[1] ms: its schedule starts again no earlier than that, and the
 * pause mark (KEYS[2]) tells sends booked before it to book again.
 */
const PAUSE_SCRIPT = `${NOW}
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = math.max(free, now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 1000)
redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[1]))
return 0
`;

/**
 * The send schedule of each company number, in Redis so that every sms-gateway replica keeps
 * to one rate per number (docs/send-rates.md). While Redis cannot be reached the replica keeps
 * its own schedule instead (LocalSendSchedule): sends go on at the number's rate from each
 * replica rather than failing delivery after delivery until they are dead-lettered unsent.
 */
@Injectable()
export class SendRateLimiter {
  private readonly prefix: string;
  private readonly local = new LocalSendSchedule();
  private onLocalSchedule = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: SmsGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Test runs and benches share one Redis; their numbers must not share schedules.
    this.prefix = `${config.NATS_NAMESPACE || 'threadline'}:sms-gateway:`;
  }

  /** Books the turn of a send of `segments` from `number`; answers the ms to wait before sending. */
  book(number: string, segments: number, spacingMs: number): Promise<number> {
    return this.run(BOOK_SCRIPT, [number, segments, spacingMs, 0], () =>
      this.local.book(number, segments, spacingMs, Date.now()),
    );
  }

  /**
   * Once a booked turn came: books a new one if the number was paused meanwhile (answering
   * its wait), else answers 0 and the send goes.
   */
  bookAgainIfPaused(number: string, segments: number, spacingMs: number): Promise<number> {
    return this.run(BOOK_SCRIPT, [number, segments, spacingMs, 1], () =>
      this.local.bookAgainIfPaused(number, segments, spacingMs, Date.now()),
    );
  }

  /** Sends from `number` wait at least `ms` from now: the provider asked us to slow down. */
  async pause(number: string, ms: number): Promise<void> {
    const pauseMs = Math.max(1, Math.ceil(ms));
    await this.run(PAUSE_SCRIPT, [number, pauseMs], () => {
      this.local.pause(number, pauseMs, Date.now());
      return 0;
    });
  }

  /** Runs the script on the shared schedule, or `whileAway` on this replica's when Redis is unreachable. */
  private async run(
    script: string,
    [number, ...args]: [string, ...number[]],
    whileAway: () => number,
  ): Promise<number> {
    const keys = [`${this.prefix}send-schedule:${number}`, `${this.prefix}send-paused:${number}`];
    try {
      const answer = Number(await this.redis.eval(script, keys.length, ...keys, ...args));
      if (this.onLocalSchedule) {
        this.onLocalSchedule = false;
        this.logger.info('Redis answers again: send rates are shared by every replica again');
      }
      return answer;
    } catch (error) {
      if (!isDependencyUnavailable(error)) throw error;
      if (!this.onLocalSchedule) {
        this.onLocalSchedule = true;
        this.logger.warn(
          { err: error },
          'Redis is unreachable: each replica keeps its own send schedule until it is back',
        );
      }
      return whileAway();
    }
  }
}
