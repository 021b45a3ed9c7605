import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, REDIS } from '@threadline/platform';
import type { Redis } from 'ioredis';
import type { SmsGatewayConfig } from '../config';

/**
 * Books `segments` slots of a number's schedule and answers how long the caller waits for
 * the first: the number's next free time (ms on Redis's clock) moves on by one spacing per
 * segment. Every replica books on the same key in one atomic step, so the sends of a number
 * are spaced whatever process makes them, in the order they were booked, and a message of
 * many segments simply books a longer turn. Redis's clock, not the replicas', so their
 * clocks need not agree. The key outlives the last booking by a second, then the number is
 * idle and starts afresh.
 */
const BOOK_SCRIPT = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(free, now)
local after = start + tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 1000)
return math.ceil(start - now)
`;

/** Moves a number's next free time to at least now + ARGV[1] ms, leaving later bookings as they are. */
const PAUSE_SCRIPT = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = math.max(free, now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 1000)
return math.ceil(after - now)
`;

/**
 * The send schedule of each company number, in Redis so that every sms-gateway replica keeps
 * to one rate per number (docs/send-rates.md).
 */
@Injectable()
export class SendRateLimiter {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: SmsGatewayConfig,
  ) {
    // Test runs and benches share one Redis; their numbers must not share schedules.
    this.prefix = `${config.NATS_NAMESPACE || 'threadline'}:sms-gateway:send-rate:`;
  }

  /** Books the turn of a send of `segments` from `number`; answers the ms to wait before sending. */
  async book(number: string, segments: number, spacingMs: number): Promise<number> {
    const wait = await this.redis.eval(BOOK_SCRIPT, 1, this.prefix + number, segments, spacingMs);
    return Number(wait);
  }

  /** Sends from `number` wait at least `ms` from now: the provider asked us to slow down. */
  async pause(number: string, ms: number): Promise<void> {
    await this.redis.eval(PAUSE_SCRIPT, 1, this.prefix + number, ms);
  }
}
