import { decodeCursor, encodeCursor, toPage } from './page-cursor';

describe('page cursors', () => {
  it('give back the key they were made from', () => {
    const key = ['2025-01-01T10:00:00.123456', '01970000-0000-7000-8000-0000000000c1'];
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it.each([
    ['not base64url', 'a+b/'],
    ['not JSON', Buffer.from('{', 'utf8').toString('base64url')],
    ['not an array', encodeCursor([]).replace(/.*/, Buffer.from('{}').toString('base64url'))],
    ['an array with a number', Buffer.from('[1]').toString('base64url')],
    ['empty', ''],
  ])('refuse text that is %s', (_what, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });

  it('end a page that has more after it with the key of its last row, and the last page with none', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const first = toPage(rows, 2, (row) => [row.id]);
    expect(first.items).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(decodeCursor(first.nextCursor ?? '')).toEqual(['b']);
    expect(toPage(rows, 3, (row) => [row.id])).toEqual({ items: rows, nextCursor: null });
  });
});
