/**
 * A value for a message or a description: scalars as JSON writes them, so "1" and 1 differ;
 * lists and objects by kind only, since input of unknown shape may be huge or cyclic.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  // What JSON cannot carry: undefined, bigint, symbol, function.
  return value === undefined ? 'nothing' : `a ${typeof value}`;
}
