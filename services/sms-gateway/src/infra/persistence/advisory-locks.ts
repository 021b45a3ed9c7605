import type { EntityManager } from 'typeorm';

/**
 * Transaction-scoped advisory locks; both are released when the caller's transaction ends.
 * Keys are 64-bit hashes of text, so unrelated keys may rarely share a lock: that only makes
 * two transactions wait for each other, never lets two holders of one key run together.
 */

/**
 * One accepting transaction per phone pair at a time, so a pair's `sequence` and
 * `received_at` both grow in acceptance order (docs/first-conversation.md, transcripts).
 */
export async function lockPhonePair(manager: EntityManager, from: string, to: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || '|' || $2, 0))`, [from, to]);
}

/**
 * One transaction per outbound message at a time: the send (which holds it across the
 * provider call) and the status callbacks of that message take turns.
 */
export async function lockOutboundMessage(manager: EntityManager, outboundId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [outboundId]);
}
