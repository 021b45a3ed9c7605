import { v5 as uuidv5 } from 'uuid';
import { type ImportEntry, type ImportRow, isUnreadable, type UnreadableRow } from './import-file';

/** Rows per chunk: each chunk is one transaction in profile, small enough to answer in time. */
export const IMPORT_CHUNK_ROWS = 1_000;

/** One numbered chunk of an import, as profile's importChunk takes it. */
export interface ImportChunk {
  chunkIndex: number;
  rows: ImportRow[];
  unreadable: UnreadableRow[];
}

export function chunkCount(totalRows: number, size = IMPORT_CHUNK_ROWS): number {
  return Math.ceil(totalRows / size);
}

/**
 * The rows of a file in chunks of `size`, numbered from 0, made one at a time as they are
 * taken. Chunk k holds rows k·size + 1 to (k + 1)·size, read or unreadable alike, so a chunk
 * sent again is the same chunk and profile can recognise it; rows must therefore come
 * numbered 1, 2, 3... in order.
 */
export function* importChunks(
  entries: Iterable<ImportEntry>,
  size = IMPORT_CHUNK_ROWS,
): Generator<ImportChunk> {
  let chunk: ImportChunk = { chunkIndex: 0, rows: [], unreadable: [] };
  let expected = 1;
  for (const entry of entries) {
    if (entry.rowNumber !== expected) {
      throw new Error(`row ${entry.rowNumber} came where row ${expected} belongs`);
    }
    if (isUnreadable(entry)) chunk.unreadable.push(entry);
    else chunk.rows.push(entry);
    if (expected % size === 0) {
      yield chunk;
      chunk = { chunkIndex: chunk.chunkIndex + 1, rows: [], unreadable: [] };
    }
    expected += 1;
  }
  if (chunk.rows.length + chunk.unreadable.length > 0) yield chunk;
}

/** Fixed forever: changing it would give every retried upload a new import. */
const IMPORT_ID_NAMESPACE = 'efe20340-b6bc-451c-8378-2e84dc28b9fe';

/**
 * The import id of an upload sent with an Idempotency-Key: the same key from the same agent
 * always names the same import (so a retried upload finds it), and two agents who happen to
 * pick the same key get two imports.
 */
export function importIdForKey(idempotencyKey: string, agentId: string): string {
  return uuidv5(idempotencyKey, uuidv5(agentId, IMPORT_ID_NAMESPACE));
}
