export type ImportState = 'running' | 'completed' | 'stalled';

/**
 * An import is finished once its sender said so; until then it is running while chunks keep
 * arriving, and stalled when none came for `stallAfterMs` (the sender died or gave up). A
 * stalled import can be resumed by sending its missing chunks, or simply repeated: rows are
 * upserted by external id, so a second run duplicates nothing.
 */
export function importState(
  progress: { finishedAt: Date | null; updatedAt: Date },
  now: Date,
  stallAfterMs: number,
): ImportState {
  if (progress.finishedAt !== null) return 'completed';
  return now.getTime() - progress.updatedAt.getTime() > stallAfterMs ? 'stalled' : 'running';
}

export interface Rejection {
  rowNumber: number;
  field: string;
  reason: string;
}

/**
 * A page of an import's rejections from `fetched` (rows in order, up to limit + 1 entries,
 * or more when one row has many). Pages end on a row boundary, so the cursor (the last row
 * number shown) never splits a row's rejections between two pages.
 */
export function pageOfRejections(
  fetched: readonly Rejection[],
  limit: number,
): { rejections: Rejection[]; nextAfterRow: number | null } {
  if (fetched.length <= limit) return { rejections: [...fetched], nextAfterRow: null };
  const boundaryRow = fetched[limit]!.rowNumber;
  let rejections = fetched.slice(0, limit).filter((rejection) => rejection.rowNumber !== boundaryRow);
  if (rejections.length === 0) {
    // One row has more rejections than a page holds: show that row whole.
    rejections = fetched.filter((rejection) => rejection.rowNumber === boundaryRow);
  }
  const lastRow = rejections.at(-1)!.rowNumber;
  const more = fetched.some((rejection) => rejection.rowNumber > lastRow);
  return { rejections, nextAfterRow: more ? lastRow : null };
}
