import { countSegments } from '@threadline/contracts';

/** What kind of number a company number is; carriers allow each kind its own send rate. */
export const NUMBER_TYPES = ['long_code', 'toll_free', 'short_code'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

export function isNumberType(value: string): value is NumberType {
  return (NUMBER_TYPES as readonly string[]).includes(value);
}

/** Segments per second each number type may send (SMS_RATE_* in the configuration). */
export type SendRates = Record<NumberType, number>;

/**
 * The segments a send costs at the provider: an empty body still goes out as one segment
 * (S4 counts the text; the provider bills the message).
 */
export function segmentsOf(body: string): number {
  return Math.max(1, countSegments(body).segments);
}

/**
 * The time one segment occupies a number sending at `segmentsPerSecond`: sends are spaced by
 * this much per segment, so the rate holds over any window, not only on average.
 */
export function segmentSpacingMs(segmentsPerSecond: number): number {
  if (!(segmentsPerSecond > 0) || !Number.isFinite(segmentsPerSecond)) {
    throw new RangeError(
      `a send rate must be a positive number of segments per second, got ${segmentsPerSecond}`,
    );
  }
  return 1000 / segmentsPerSecond;
}

/** Used when a provider throttles without saying for how long. */
export const DEFAULT_THROTTLE_BACKOFF_MS = 1_000;
/** A longer Retry-After is taken as this: the message is retried, and may be throttled again. */
export const MAX_THROTTLE_BACKOFF_MS = 60_000;

/**
 * How long a throttled number pauses, from the provider's Retry-After header (seconds, or an
 * HTTP date); the default when it is absent or unreadable, at most MAX_THROTTLE_BACKOFF_MS.
 */
export function throttleBackoffMs(retryAfter: string | null | undefined, nowMs: number): number {
  const value = retryAfter?.trim() ?? '';
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
  else if (value !== '' && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - nowMs;
  else return DEFAULT_THROTTLE_BACKOFF_MS;
  return Math.min(MAX_THROTTLE_BACKOFF_MS, Math.max(DEFAULT_THROTTLE_BACKOFF_MS, Math.ceil(ms)));
}

/**
 * The send schedule of numbers kept in one process: the same booking rule as the shared one in
 * Redis (a turn starts when the number is next free, or now, and moves that on by one spacing per
 * segment), used only while Redis cannot be reached, so sends keep going at the number's rate from
 * this replica instead of failing until their deliveries run out. With several replicas the number
 * may send up to that many times its rate during the outage; the provider's throttling answer
 * (429) pauses it and is retried.
 */
export class LocalSendSchedule {
  private readonly nextFree = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();

  /** Books `segments` turns of `spacingMs` at `nowMs`; answers how long to wait for the first. */
  book(number: string, segments: number, spacingMs: number, nowMs: number): number {
    const start = Math.max(this.nextFree.get(number) ?? 0, nowMs);
    this.nextFree.set(number, start + segments * spacingMs);
    this.forgetIdle(nowMs);
    return Math.ceil(start - nowMs);
  }

  /** As {@link book}, but only while the number is paused; 0 (send now) otherwise. */
  bookAgainIfPaused(number: string, segments: number, spacingMs: number, nowMs: number): number {
    if ((this.pausedUntil.get(number) ?? 0) <= nowMs) return 0;
    return this.book(number, segments, spacingMs, nowMs);
  }

  /** Nothing from `number` starts before `ms` from now. */
  pause(number: string, ms: number, nowMs: number): void {
    this.nextFree.set(number, Math.max(this.nextFree.get(number) ?? 0, nowMs + ms));
    this.pausedUntil.set(number, nowMs + ms);
  }

  /** Numbers idle for a second are forgotten, as their Redis keys expire. */
  private forgetIdle(nowMs: number): void {
    for (const [number, free] of this.nextFree) {
      if (free + 1_000 < nowMs && (this.pausedUntil.get(number) ?? 0) < nowMs) {
        this.nextFree.delete(number);
        this.pausedUntil.delete(number);
      }
    }
  }
}
