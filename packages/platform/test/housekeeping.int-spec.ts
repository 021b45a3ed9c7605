import { purgeMessagingTables } from '../src';
import { Harness, inboundEnvelope, SCHEMA } from './harness';

describe('purgeMessagingTables', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('deletes old published outbox rows and old inbox records, and nothing else', async () => {
    const [oldPublished, freshPublished, oldUnpublished] = [
      inboundEnvelope(),
      inboundEnvelope(),
      inboundEnvelope(),
    ];
    await harness.commit([oldPublished, freshPublished, oldUnpublished]);
    const q = (sql: string, params: unknown[]) => harness.dataSource.query(sql, params);
    await q(
      `UPDATE svc.outbox SET published_at = now() - interval '10 days', created_at = now() - interval '10 days' WHERE id = $1`,
      [oldPublished.id],
    );
    await q(`UPDATE svc.outbox SET published_at = now() WHERE id = $1`, [freshPublished.id]);
    // Never published: kept however old, since it still has to go out.
    await q(`UPDATE svc.outbox SET created_at = now() - interval '10 days' WHERE id = $1`, [
      oldUnpublished.id,
    ]);
    await q(
      `INSERT INTO svc.inbox (consumer, event_id, handled_at) VALUES
         ('c', $1, now() - interval '10 days'), ('c', $2, now()), ('d', $1, now())`,
      [oldPublished.id, freshPublished.id],
    );

    const purged = await purgeMessagingTables(harness.dataSource, SCHEMA, {
      outboxMs: 7 * 24 * 3600_000,
      inboxMs: 8 * 24 * 3600_000,
      batchSize: 1,
    });

    expect(purged).toEqual({ outbox: 1, inbox: 1 });
    const outbox = await harness.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM svc.outbox ORDER BY seq`,
    );
    expect(outbox.map((row) => row.id)).toEqual([freshPublished.id, oldUnpublished.id]);
    const inbox = await harness.dataSource.query<Array<{ consumer: string }>>(
      `SELECT consumer FROM svc.inbox ORDER BY consumer, handled_at`,
    );
    expect(inbox).toHaveLength(2);
  });
});
