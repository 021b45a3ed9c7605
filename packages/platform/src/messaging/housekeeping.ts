import type { DataSource } from 'typeorm';
import { quoteIdent } from '../database/sql';

export interface RetentionSettings {
  /** Published outbox rows are kept this long, for inspection and re-publishing. */
  outboxMs: number;
  /**
   * Inbox records are kept this long. It must exceed the longest time a message can still be
   * redelivered (the stream's max age), or a late redelivery would have a second effect.
   */
  inboxMs: number;
  /** Rows deleted per statement, so a large purge never holds long locks. */
  batchSize?: number;
}

async function purgeInBatches(dataSource: DataSource, sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = await dataSource.query<[unknown[], number]>(sql, params);
    total += deleted;
    if (deleted < (params[1] as number)) return total;
  }
}

/** Deletes what the outbox and inbox no longer need; safe to run from every replica. */
export async function purgeMessagingTables(
  dataSource: DataSource,
  schema: string,
  retention: RetentionSettings,
): Promise<{ outbox: number; inbox: number }> {
  const s = quoteIdent(schema);
  const batch = retention.batchSize ?? 5_000;
  const outbox = await purgeInBatches(
    dataSource,
    `DELETE FROM ${s}.outbox WHERE seq IN (
       SELECT seq FROM ${s}.outbox
        WHERE published_at < now() - ($1::bigint * interval '1 millisecond')
        LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [retention.outboxMs, batch],
  );
  const inbox = await purgeInBatches(
    dataSource,
    `DELETE FROM ${s}.inbox WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM ${s}.inbox
        WHERE handled_at < now() - ($1::bigint * interval '1 millisecond')
        LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [retention.inboxMs, batch],
  );
  return { outbox, inbox };
}
