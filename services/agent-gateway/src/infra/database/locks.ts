import type { EntityManager } from 'typeorm';

/** The lock of everything written about one conversation (see ConversationViewRepository.lock). */
export function conversationLockKey(interactionId: string): string {
  return `conversation:${interactionId}`;
}

/** The lock of one message and its delivery statuses (see MessageViewRepository.lock). */
export function messageLockKey(messageId: string): string {
  return `message:${messageId}`;
}

/**
 * Holds transaction-scoped advisory locks on `keys` until the caller's transaction ends, taken in
 * the order given, in one round trip. Must run inside that transaction.
 */
export async function lockFor(manager: EntityManager, ...keys: [string, ...string[]]): Promise<void> {
  if (keys.length === 1) {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `agent-gateway:${keys[0]}`,
    ]);
    return;
  }
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(lock.key, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS lock(key, position)
      ORDER BY lock.position`,
    [keys.map((key) => `agent-gateway:${key}`)],
  );
}
