import { importState, pageOfRejections, type Rejection } from './import-progress';

describe('importState', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('is running while chunks keep arriving', () => {
    expect(importState({ finishedAt: null, updatedAt: ago(0) }, now, 60_000)).toBe('running');
    expect(importState({ finishedAt: null, updatedAt: ago(60_000) }, now, 60_000)).toBe('running');
  });

  it('is stalled once no chunk came for longer than the stall time', () => {
    expect(importState({ finishedAt: null, updatedAt: ago(60_001) }, now, 60_000)).toBe('stalled');
  });

  it('is completed once finished, however long ago', () => {
    expect(importState({ finishedAt: ago(0), updatedAt: ago(0) }, now, 60_000)).toBe('completed');
    expect(importState({ finishedAt: ago(3_600_000), updatedAt: ago(3_600_000) }, now, 60_000)).toBe(
      'completed',
    );
  });
});

describe('pageOfRejections', () => {
  /** Rejections of rows, as `[rowNumber, fieldCount]` pairs: fields f0, f1, ... */
  function rejections(...rows: Array<[number, number]>): Rejection[] {
    return rows.flatMap(([rowNumber, fields]) =>
      Array.from({ length: fields }, (_, index) => ({ rowNumber, field: `f${index}`, reason: 'bad' })),
    );
  }
  const rowsOf = (page: Rejection[]) => page.map((rejection) => `${rejection.rowNumber}.${rejection.field}`);

  it('is everything, with no cursor, when it all fits', () => {
    const fetched = rejections([1, 1], [2, 2]);
    expect(pageOfRejections(fetched, 3)).toEqual({ rejections: fetched, nextAfterRow: null });
    expect(pageOfRejections(fetched, 10)).toEqual({ rejections: fetched, nextAfterRow: null });
  });

  it('is empty, with no cursor, when there is nothing', () => {
    expect(pageOfRejections([], 10)).toEqual({ rejections: [], nextAfterRow: null });
  });

  it('fills the page when it ends on a row boundary; the cursor is its last row', () => {
    const page = pageOfRejections(rejections([1, 1], [2, 1], [3, 1]), 2);
    expect(rowsOf(page.rejections)).toEqual(['1.f0', '2.f0']);
    expect(page.nextAfterRow).toBe(2);
  });

  it('never splits a row: a row that would straddle the limit starts the next page', () => {
    const page = pageOfRejections(rejections([1, 2], [2, 3], [3, 1]), 4);
    expect(rowsOf(page.rejections)).toEqual(['1.f0', '1.f1']);
    expect(page.nextAfterRow).toBe(1);
  });

  it('shows whole a row with more rejections than a page holds', () => {
    const page = pageOfRejections(rejections([4, 5], [6, 1]), 2);
    expect(rowsOf(page.rejections)).toEqual(['4.f0', '4.f1', '4.f2', '4.f3', '4.f4']);
    expect(page.nextAfterRow).toBe(4);
  });

  it('has no cursor when that oversized row is the last one', () => {
    const page = pageOfRejections(rejections([4, 5]), 2);
    expect(page.rejections).toHaveLength(5);
    expect(page.nextAfterRow).toBeNull();
  });

  it('walked page by page, gives every rejection once, in order, and the last page has no cursor', () => {
    const all = rejections([1, 1], [2, 3], [3, 1], [5, 2], [8, 4], [9, 1], [12, 1]);
    const limit = 3;
    const seen: Rejection[] = [];
    const cursors: number[] = [];
    let after = 0;
    for (let pages = 0; pages < 20; pages++) {
      // What the repository fetches: rows after the cursor, a page and a row's worth more.
      const fetched = all.filter((rejection) => rejection.rowNumber > after).slice(0, limit + 4);
      const page = pageOfRejections(fetched, limit);
      const rowsOnPage = new Set(page.rejections.map((rejection) => rejection.rowNumber));
      for (const row of rowsOnPage) {
        // Each row shown is shown whole.
        expect(page.rejections.filter((r) => r.rowNumber === row)).toEqual(
          all.filter((r) => r.rowNumber === row),
        );
      }
      seen.push(...page.rejections);
      if (page.nextAfterRow === null) break;
      cursors.push(page.nextAfterRow);
      after = page.nextAfterRow;
    }
    expect(seen).toEqual(all);
    expect(cursors).toEqual([1, 2, 5, 8]);
  });
});
