/** pino's levels by label: the services write the label, other processes may write the number. */
export const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** A log line's level as a number, whichever way it was written; 0 when it has none. */
export function levelOf(level: unknown): number {
  if (typeof level === 'number') return level;
  return typeof level === 'string' && level in LEVELS ? LEVELS[level as keyof typeof LEVELS] : 0;
}
