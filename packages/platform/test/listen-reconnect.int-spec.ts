import { Client } from 'pg';
import pino from 'pino';
import { eventually } from '../src/testing';
import { Harness, inboundEnvelope, SCHEMA } from './harness';

/** So long that only a NOTIFY, never the fallback poll, can wake the relay within a test's wait. */
const POLL_NEVER_MS = 10 * 60_000;

describe('the outbox relay after its LISTEN connection is lost', () => {
  let harness: Harness;
  let admin: Client;

  beforeEach(async () => {
    harness = await Harness.create();
    admin = new Client({ connectionString: harness.environment.servers.databaseUrl });
    await admin.connect();
  });

  afterEach(async () => {
    await admin.query(`ALTER DATABASE ${quoted(databaseName())} WITH ALLOW_CONNECTIONS true`);
    await admin.end();
    await harness.dispose();
  });

  function databaseName(): string {
    return new URL(harness.environment.databaseUrl).pathname.slice(1);
  }

  /** Ends the relay's LISTEN backend as a Postgres restart would (SQLSTATE 57P01). */
  async function terminateListener(): Promise<number> {
    const rows = await admin.query<{ pid: number }>(
      `SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity
        WHERE datname = $1 AND application_name = $2 AND query LIKE 'LISTEN%'`,
      [databaseName(), `outbox-relay:${SCHEMA}`],
    );
    return rows.rowCount ?? 0;
  }

  async function listenerConnected(): Promise<number> {
    const { values } = await harness.metrics.outboxListenerConnected.get();
    return values[0]?.value ?? 0;
  }

  /** Commits one event and waits until the relay publishes it, which only a NOTIFY can cause here. */
  async function expectNotifyWakesRelay(): Promise<void> {
    const before = await harness.streamMessageCount();
    await harness.commit([inboundEnvelope()]);
    await eventually(async () => expect(await harness.streamMessageCount()).toBe(before + 1), {
      timeoutMs: 15_000,
    });
  }

  it('reconnects, says so on the gauge, and is woken by NOTIFY again', async () => {
    const relay = harness.relay(harness.js, POLL_NEVER_MS);
    await relay.start();
    expect(await listenerConnected()).toBe(1);
    await expectNotifyWakesRelay();

    expect(await terminateListener()).toBe(1);
    await eventually(async () => expect(await listenerConnected()).toBe(0));
    await eventually(async () => expect(await listenerConnected()).toBe(1), { timeoutMs: 15_000 });

    await expectNotifyWakesRelay();
  });

  it('keeps trying while the database refuses connections, until it takes one', async () => {
    const { logger, messages } = recordingLogger();
    const relay = harness.relay(harness.js, POLL_NEVER_MS, logger);
    await relay.start();

    // The pool's open connections stay; new ones (the relay's reconnects) are refused for now.
    await admin.query(`ALTER DATABASE ${quoted(databaseName())} WITH ALLOW_CONNECTIONS false`);
    expect(await terminateListener()).toBe(1);
    await eventually(async () => expect(await listenerConnected()).toBe(0));
    // More than one refused attempt: it does not give up after the first, as it used to.
    await eventually(
      () => expect(messages('outbox LISTEN reconnect failed; will retry').length).toBeGreaterThanOrEqual(2),
      { timeoutMs: 20_000 },
    );
    expect(await listenerConnected()).toBe(0);
    expect(messages('outbox LISTEN connection lost; polling until it is back')).toHaveLength(1);

    await admin.query(`ALTER DATABASE ${quoted(databaseName())} WITH ALLOW_CONNECTIONS true`);
    await eventually(async () => expect(await listenerConnected()).toBe(1), { timeoutMs: 45_000 });
    await expectNotifyWakesRelay();
    expect(messages('outbox LISTEN connection restored')).toHaveLength(1);
  });
});

/** A logger that keeps what it was told, to see the relay's state changes. */
function recordingLogger() {
  const lines: Array<{ msg: string }> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) },
  );
  return { logger, messages: (msg: string) => lines.filter((line) => line.msg === msg) };
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
