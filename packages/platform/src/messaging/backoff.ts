export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay added or removed at random, so retries of many items spread out. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 500, maxMs: 60_000, jitter: 0.2 };

/**
 * Delay before retry number `attempt` (1 = the first retry): doubling from `baseMs`, capped
 * at `maxMs`, with ± `jitter`. `random` is injectable so the maths can be tested exactly.
 */
export function retryDelayMs(
  attempt: number,
  settings: BackoffSettings = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const delay = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  const spread = delay * settings.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(delay + spread));
}
