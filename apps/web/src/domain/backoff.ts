// How long the socket waits before its next reconnect: doubling from `baseMs` up to `maxMs`,
// with jitter so a gateway restart is not met by every browser at the same instant.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const SOCKET_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000 };

/** `attempt` counts from 0; `random` is in [0, 1) and spreads the delay over its upper half. */
export function reconnectDelayMs(attempt: number, random: number, options = SOCKET_BACKOFF): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
