import type { EntityManager } from 'typeorm';
import { quoteIdent } from '../database/sql';

/**
 * Records, in the caller's transaction, that `consumer` handled the event `eventId`; false when
 * it had already. A service that applies an event it received another way (the answer to its own
 * command, to read its own writes) calls it, so the same event arriving later from the stream has
 * no second effect.
 */
export async function claimInbox(
  manager: EntityManager,
  schema: string,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  return (await claimInboxBatch(manager, schema, consumer, [eventId])).size > 0;
}

/**
 * {@link claimInbox} for several events in one statement, as the consumer helper records each
 * batch before its handlers: the ids among `eventIds` the consumer had not handled yet, now
 * recorded. The array is one parameter, so the statement's text, and its prepared statement, are
 * the same whatever the batch's size.
 */
export async function claimInboxBatch(
  manager: EntityManager,
  schema: string,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const inserted = await manager.query<Array<{ event_id: string }>>(
    `INSERT INTO ${quoteIdent(schema)}.inbox (consumer, event_id)
     SELECT $1, id FROM unnest($2::uuid[]) AS id
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventIds],
  );
  return new Set(inserted.map((row) => row.event_id));
}
