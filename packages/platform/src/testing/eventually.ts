import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Retries `probe` until it stops throwing (an assertion passing) and returns its value, or
 * throws its last error once `timeoutMs` is up. Tests wait on conditions, never on the clock.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const interval = options.intervalMs ?? 25;
  let lastError: unknown;
  do {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    await sleep(interval);
  } while (Date.now() < deadline);
  throw lastError instanceof Error ? lastError : new Error(`condition not met: ${String(lastError)}`);
}
