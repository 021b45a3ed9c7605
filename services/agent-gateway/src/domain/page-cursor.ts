/**
 * Keyset paging: a page ends with the sort key of its last row, and the next page starts after
 * it. The client gets that key as an opaque cursor (base64url of a JSON array of strings), so
 * rows inserted meanwhile neither repeat nor push others off a page.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, or null if the text is not a cursor of this shape at all. */
export function decodeCursor(cursor: string): string[] | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || !value.every((part): part is string => typeof part === 'string')) {
      return null;
    }
    return value;
  } catch {
    return null;
  }
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** A page of `limit` rows, fetched as `limit + 1` so that the extra row says another page follows. */
export function toPage<T>(rows: readonly T[], limit: number, keyOf: (row: T) => readonly string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
