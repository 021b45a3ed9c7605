import type { EntityManager } from 'typeorm';

/**
 * Holds a transaction-scoped advisory lock on `key` until the caller's transaction ends.
 * Must run inside that transaction.
 */
export async function lockFor(manager: EntityManager, key: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`agent-gateway:${key}`]);
}
