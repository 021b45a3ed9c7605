import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PubAck } from '@nats-io/jetstream';
import { OUTBOX_CLAIM_PLAN, outboxClaimSql } from '../src/messaging/outbox-relay';
import { eventually } from '../src/testing';
import { Harness, inboundEnvelope, SCHEMA } from './harness';

describe('Outbox and OutboxRelay against real NATS and Postgres', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  async function pending(): Promise<number> {
    const [row] = await harness.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM svc.outbox WHERE published_at IS NULL`,
    );
    return row!.n;
  }

  it('publishes nothing from a transaction that rolled back', async () => {
    await expect(
      harness.dataSource.transaction(async (manager) => {
        await harness.outbox.add(manager, [inboundEnvelope()]);
        throw new Error('use case failed after writing its event');
      }),
    ).rejects.toThrow('use case failed');
    expect(await pending()).toBe(0);
    expect(await harness.relay().publishBatch()).toBe(0);
    expect(await harness.streamMessageCount()).toBe(0);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(harness.outbox.add(harness.dataSource.manager, [inboundEnvelope()])).rejects.toThrow(
      'must be written inside a transaction',
    );
  });

  it('publishes committed events in commit order with the event id as Nats-Msg-Id', async () => {
    const envelopes = Array.from({ length: 5 }, () => inboundEnvelope());
    await harness.commit(envelopes);
    expect(await harness.relay().publishBatch()).toBe(5);

    const stream = await harness.jsm.streams.get(harness.ns.stream('SMS'));
    for (const [index, envelope] of envelopes.entries()) {
      const message = await stream.getMessage({ seq: index + 1 });
      expect(message?.header.get('Nats-Msg-Id')).toBe(envelope.id);
      expect(message?.subject).toBe(harness.ns.subject('sms.inbound.received.v1'));
      expect((message?.json() as { id: string }).id).toBe(envelope.id);
    }
    expect(await pending()).toBe(0);
  });

  it('leaves one message in the stream when the same event is published twice', async () => {
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    const relay = harness.relay();
    expect(await relay.publishBatch()).toBe(1);
    // A relay that crashed after publishing but before marking the row publishes it again.
    await harness.dataSource.query(`UPDATE svc.outbox SET published_at = NULL WHERE id = $1`, [envelope.id]);
    expect(await relay.publishBatch()).toBe(1);

    expect(await harness.streamMessageCount()).toBe(1);
    expect(await pending()).toBe(0);
  });

  it('retries a failed publish with back-off and exposes the backlog as a metric', async () => {
    let failing = true;
    const flaky = {
      publish: (...args: Parameters<typeof harness.js.publish>): Promise<PubAck> =>
        failing ? Promise.reject(new Error('no responders')) : harness.js.publish(...args),
    };
    const relay = harness.relay(flaky);
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);

    expect(await relay.publishBatch()).toBe(0);
    const [row] = await harness.dataSource.query<
      Array<{ attempts: number; last_error: string; deferred: boolean }>
    >(`SELECT attempts, last_error, next_attempt_at > now() AS deferred FROM svc.outbox WHERE id = $1`, [
      envelope.id,
    ]);
    expect(row).toEqual({ attempts: 1, last_error: 'Error: no responders', deferred: true });
    expect(await harness.metrics.registry.getSingleMetricAsString('threadline_outbox_backlog')).toMatch(
      /threadline_outbox_backlog\{service="test"\} 1/,
    );

    failing = false;
    await eventually(async () => expect(await relay.publishBatch()).toBe(1), {
      timeoutMs: 5_000,
      intervalMs: 100,
    });
    expect(await harness.streamMessageCount()).toBe(1);
    expect(await harness.metrics.registry.getSingleMetricAsString('threadline_outbox_backlog')).toMatch(
      /threadline_outbox_backlog\{service="test"\} 0/,
    );
  });

  it('claims by walking the unpublished rows in order, so the rows it published before cost nothing', async () => {
    const relay = harness.relay();
    // Published rows leave their entries in the index of unpublished ones until VACUUM.
    await harness.dataSource.query(`ALTER TABLE svc.outbox SET (autovacuum_enabled = false)`);
    await harness.commit(Array.from({ length: 600 }, () => inboundEnvelope()));
    while ((await relay.publishBatch()) > 0);
    await harness.commit([inboundEnvelope(), inboundEnvelope()]);
    await harness.dataSource.query(`ANALYZE svc.outbox`);

    const plan = await harness.dataSource.transaction(async (manager) => {
      await manager.query(OUTBOX_CLAIM_PLAN);
      const [row] = await manager.query<Array<{ 'QUERY PLAN': unknown }>>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${outboxClaimSql('svc.outbox', 200)}`,
      );
      return JSON.stringify(row!['QUERY PLAN']);
    });
    // An ordered index scan that stops at the limit: no bitmap scan (which would read every entry
    // published since the last VACUUM, each time) and no sort of everything due.
    expect(plan).toContain('"Node Type":"Index Scan"');
    expect(plan).toContain('"Index Name":"outbox_pending_idx"');
    expect(plan).not.toMatch(/Bitmap|"Node Type":"Sort"/);
    expect(JSON.parse(plan)).toMatchObject([{ Plan: { 'Actual Rows': 2 } }]);
  });

  it('wakes on commit through NOTIFY rather than waiting for its poll', async () => {
    const relay = harness.relay(harness.js, 60_000);
    await relay.start();
    await harness.commit([inboundEnvelope()]);
    await eventually(async () => expect(await harness.streamMessageCount()).toBe(1), { timeoutMs: 2_000 });
  });

  describe('while its LISTEN connection is up', () => {
    /** Commits a row the way a use case does, but without the NOTIFY that announces it. */
    async function commitUnannounced(): Promise<string> {
      const envelope = inboundEnvelope();
      await harness.dataSource.query(
        `INSERT INTO svc.outbox (id, subject, payload, headers) VALUES ($1, $2, $3::jsonb, '{}'::jsonb)`,
        [envelope.id, 'sms.inbound.received.v1', JSON.stringify(envelope)],
      );
      return envelope.id;
    }

    it('does not poll every OUTBOX_POLL_MS: an idle relay leaves Postgres alone', async () => {
      const transactions = jest.spyOn(harness.dataSource, 'transaction');
      const relay = harness.relay(harness.js, 50, harness.logger, 60_000);
      await relay.start();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Its first look at start, and nothing after: at 50 ms it would have been about 30.
      expect(transactions.mock.calls.length).toBeLessThanOrEqual(1);
      await harness.commit([inboundEnvelope()]);
      await eventually(async () => expect(await harness.streamMessageCount()).toBe(1), { timeoutMs: 2_000 });
    });

    it('still finds, within OUTBOX_LISTENING_POLL_MS, a row that nothing announced', async () => {
      const relay = harness.relay(harness.js, 50, harness.logger, 2_000);
      await relay.start();
      // Past its first look at start, so the relay is idle when the row commits.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await commitUnannounced();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await pending()).toBe(1);
      await eventually(async () => expect(await pending()).toBe(0), { timeoutMs: 4_000 });
      expect(await harness.streamMessageCount()).toBe(1);
    });

    it('wakes for a retry it scheduled instead of waiting for the long poll', async () => {
      let failures = 0;
      const failingOnce = {
        publish: (...args: Parameters<typeof harness.js.publish>): Promise<PubAck> =>
          failures++ === 0 ? Promise.reject(new Error('no responders')) : harness.js.publish(...args),
      };
      const relay = harness.relay(failingOnce, 50, harness.logger, 60_000);
      await relay.start();
      await harness.commit([inboundEnvelope()]);
      // The first retry waits about 0.5 s (DEFAULT_BACKOFF); the relay's long poll is a minute.
      await eventually(async () => expect(await harness.streamMessageCount()).toBe(1), { timeoutMs: 5_000 });
      expect(failures).toBe(2);
    });
  });

  it('never publishes a row twice at once when two relays share the schema', async () => {
    const envelopes = Array.from({ length: 300 }, () => inboundEnvelope());
    await harness.commit(envelopes);
    const publishedIds: string[] = [];
    const counting = {
      publish: async (...args: Parameters<typeof harness.js.publish>): Promise<PubAck> => {
        publishedIds.push(args[2]!.msgID!);
        return harness.js.publish(...args);
      },
    };
    const [first, second] = [harness.relay(counting), harness.relay(counting)];
    await Promise.all([first.start(), second.start()]);
    await eventually(async () => expect(await pending()).toBe(0), { timeoutMs: 10_000 });
    expect(new Set(publishedIds).size).toBe(300);
    expect(publishedIds).toHaveLength(300);
    expect(await harness.streamMessageCount()).toBe(300);
  });

  it('publishes after restart what a service killed between commit and publish left behind', async () => {
    // A real process commits an event, starts publishing it with a relay whose publish
    // never completes, and is killed with SIGKILL: the claim's transaction dies with it.
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'commit-then-die.js')], {
      env: {
        ...process.env,
        DATABASE_URL: harness.environment.databaseUrl,
        SCHEMA,
        NATS_NAMESPACE: harness.ns.prefix,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    let eventId: string | undefined;
    for await (const line of lines) {
      const report = JSON.parse(line) as { committed?: string; publishing?: boolean };
      if (report.committed) eventId = report.committed;
      if (report.publishing) break;
    }
    expect(eventId).toBeDefined();
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await harness.streamMessageCount()).toBe(0);

    const relay = harness.relay();
    await relay.start();
    await eventually(async () => expect(await harness.streamMessageCount()).toBe(1), { timeoutMs: 10_000 });
    const stream = await harness.jsm.streams.get(harness.ns.stream('SMS'));
    const message = await stream.getMessage({ seq: 1 });
    expect(message?.header.get('Nats-Msg-Id')).toBe(eventId);
  });
});
