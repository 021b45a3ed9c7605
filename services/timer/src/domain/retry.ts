/** The longest a failed firing waits before its next attempt. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * After a timer's firing failed for the (attempts + 1)th time: how long until it is tried again
 * (doubling from `baseMs`, at most a minute), or 'give_up' once `maxAttempts` were made.
 */
export function retryPlan(attempts: number, baseMs: number, maxAttempts: number): number | 'give_up' {
  const made = attempts + 1;
  if (made >= maxAttempts) return 'give_up';
  return Math.min(baseMs * 2 ** (made - 1), MAX_RETRY_DELAY_MS);
}
