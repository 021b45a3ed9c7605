import type { EntityManager } from 'typeorm';
import { quoteIdent } from '../database/sql';

/**
 * Records, in the caller's transaction, that `consumer` handled the event `eventId`; false when
 * it had already. The consumer helper calls it before every handler. A service that applies an
 * event it received another way (the answer to its own command, to read its own writes) calls it
 * too, so the same event arriving later from the stream has no second effect.
 */
export async function claimInbox(
  manager: EntityManager,
  schema: string,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const inserted = await manager.query<unknown[]>(
    `INSERT INTO ${quoteIdent(schema)}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return inserted.length > 0;
}
