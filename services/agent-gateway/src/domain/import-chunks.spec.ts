import { v7 as uuidv7, validate, version } from 'uuid';
import { chunkCount, IMPORT_CHUNK_ROWS, importChunks, importIdForKey } from './import-chunks';
import type { ImportEntry, ImportRow, UnreadableRow } from './import-file';

const row = (rowNumber: number): ImportRow => ({ rowNumber, fields: { externalId: `E${rowNumber}` } });
const unreadable = (rowNumber: number): UnreadableRow => ({ rowNumber, field: '*', reason: 'broken' });
const chunksOf = (entries: ImportEntry[], size?: number) => [...importChunks(entries, size)];

describe('import chunks', () => {
  it('puts 1,000 rows of the file in each chunk, numbered from 0', () => {
    const chunks = chunksOf(Array.from({ length: 2_500 }, (_, index) => row(index + 1)));
    expect(IMPORT_CHUNK_ROWS).toBe(1_000);
    expect(chunks.map((chunk) => [chunk.chunkIndex, chunk.rows.length])).toEqual([
      [0, 1_000],
      [1, 1_000],
      [2, 500],
    ]);
    expect(chunks[1]?.rows[0]?.rowNumber).toBe(1_001);
    expect(chunks[2]?.rows.at(-1)?.rowNumber).toBe(2_500);
    expect(chunkCount(2_500)).toBe(3);
    expect(chunkCount(3_000)).toBe(3);
  });

  it('counts unreadable rows into the chunk of their row number', () => {
    const chunks = chunksOf([row(1), unreadable(2), row(3), row(4), unreadable(5), row(6)], 3);
    expect(chunks).toEqual([
      { chunkIndex: 0, rows: [row(1), row(3)], unreadable: [unreadable(2)] },
      { chunkIndex: 1, rows: [row(4), row(6)], unreadable: [unreadable(5)] },
    ]);
  });

  it('sends a chunk even when none of its rows could be read', () => {
    const chunks = chunksOf([row(1), unreadable(2), unreadable(3)], 1);
    expect(chunks.map((chunk) => [chunk.rows.length, chunk.unreadable.length])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
  });

  it('makes each chunk only when it is taken', () => {
    let read = 0;
    function* entries(): Generator<ImportEntry> {
      for (let n = 1; n <= 5_000; n += 1) {
        read += 1;
        yield row(n);
      }
    }
    const chunks = importChunks(entries());
    chunks.next();
    expect(read).toBe(1_000);
  });

  it('refuses rows out of order or with a gap rather than shifting later chunks', () => {
    expect(() => chunksOf([row(1), row(3)])).toThrow('row 3 came where row 2 belongs');
    expect(() => chunksOf([row(2), row(1)])).toThrow('row 2 came where row 1 belongs');
  });
});

describe('import ids of uploads with an Idempotency-Key', () => {
  const admin = '01970000-0000-7000-8000-00000000a004';

  it('are the same for the same key and agent, so a retried upload finds its import', () => {
    expect(importIdForKey('upload-2025-01-01', admin)).toBe(importIdForKey('upload-2025-01-01', admin));
  });

  it('differ by key and by agent', () => {
    const id = importIdForKey('upload-2025-01-01', admin);
    expect(importIdForKey('upload-2025-01-02', admin)).not.toBe(id);
    expect(importIdForKey('upload-2025-01-01', uuidv7())).not.toBe(id);
  });

  it('are name-based uuids (version 5)', () => {
    const id = importIdForKey('k', admin);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(5);
  });
});
