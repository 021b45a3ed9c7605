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
