/**
 * The provider failing its send API for a while, as real providers sometimes do: `error` answers
 * every send with an HTTP 5xx and takes nothing; `timeout` never answers (the caller's own
 * timeout gives up) and takes nothing either. Chaos runs switch it on and off (`/sim/outage`).
 */
export type Outage = { mode: 'error'; status: number } | { mode: 'timeout' };

export const OUTAGE_MODES = ['error', 'timeout'] as const;
