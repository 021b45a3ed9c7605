import { setTimeout as sleep } from 'node:timers/promises';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { quoteIdent } from '../database/sql';
import type { Metrics } from '../metrics/metrics';
import type { Namespace } from '../nats/namespace';
import { contextFromHeaders, injectIntoNatsHeaders } from '../telemetry/propagation';
import { platformTracer } from '../telemetry/tracer';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff';
import { outboxChannel } from './outbox';

/** Publishing retries wait at most 30 s: NATS outages are usually short. */
const RELAY_BACKOFF = { ...DEFAULT_BACKOFF, maxMs: 30_000 };

/** Reopening a lost LISTEN connection: soon after a restart, then no more than twice a minute. */
const LISTEN_BACKOFF = { ...DEFAULT_BACKOFF, maxMs: 30_000 };

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
  attempts: number;
}

/** What the relay needs from JetStream; an interface so a test can make publishing fail. */
export type Publisher = Pick<JetStreamClient, 'publish'>;

export interface OutboxRelaySettings {
  dataSource: DataSource;
  /** For the LISTEN connection, which must stay outside the pool. */
  databaseUrl: string;
  schema: string;
  publisher: Publisher;
  ns: Namespace;
  logger: Logger;
  metrics: Metrics;
  /** Poll interval while the LISTEN connection is down, so nothing waits for a NOTIFY that cannot come. */
  pollMs: number;
  /**
   * Poll interval while LISTEN is up (default 5 s): NOTIFY wakes the relay for every commit, and
   * the relay wakes itself for the retries it scheduled, so this only bounds how long rows wait
   * that nothing announces (a replica that died holding them, a LISTEN connection gone silent).
   */
  listeningPollMs?: number;
  batchSize?: number;
  publishTimeoutMs?: number;
}

/**
 * Run in the relay's transaction before its claim. Postgres's statistics cannot see the index
 * entries published rows leave behind, so it judges a bitmap scan and a sort of the few rows due
 * cheapest; but a bitmap scan reads every entry left since the last VACUUM, and never marks
 * them dead for the next claim (seen under the bench: 4,900 entries and 1,100 pages per claim).
 */
export const OUTBOX_CLAIM_PLAN = 'SET LOCAL enable_bitmapscan = off';

/**
 * The next rows due, oldest first, `limit` at most, locked for this relay. It walks the index of
 * unpublished rows by `seq` (migration OutboxPendingIndex), so rows published earlier cost nothing.
 */
export function outboxClaimSql(table: string, limit: number): string {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`a claim takes a positive whole number of rows, not ${limit}`);
  // The limit is part of the text, not a parameter: a prepared statement's generic plan would not
  // know it, and might read the whole outbox to sort it (decision 50).
  return `SELECT seq, id, subject, payload, headers, attempts FROM ${table}
           WHERE published_at IS NULL AND next_attempt_at <= now()
           ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = event id, so a row
 * published twice (a crash after publish, before marking) is stored once by the server.
 *
 * Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of replicas can relay one
 * schema without publishing a row twice at the same time. Within a batch rows go out in
 * commit order; a row that fails waits with growing back-off while later rows proceed.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly batchSize: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set by a NOTIFY that arrives while a batch runs, so the next idle is skipped. */
  private notified = false;
  private listener?: Client;
  private relistenTimer?: NodeJS.Timeout;
  /** When the earliest retry this relay scheduled falls due (epoch ms), if one is pending. */
  private nextRetryAt?: number;

  constructor(private readonly settings: OutboxRelaySettings) {
    this.table = `${quoteIdent(settings.schema)}.outbox`;
    this.batchSize = settings.batchSize ?? 200;
    settings.metrics.measureOutboxWith(() => this.backlog());
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Publishes what is due now, once. Returns how many rows were published. */
  async publishBatch(): Promise<number> {
    const { dataSource, logger, metrics } = this.settings;
    // Rows whose retry fell due are among those this batch claims; if they fail again, their new
    // retry is scheduled below.
    if (this.nextRetryAt !== undefined && this.nextRetryAt <= Date.now()) this.nextRetryAt = undefined;
    return dataSource.transaction(async (manager) => {
      await manager.query(OUTBOX_CLAIM_PLAN);
      const rows = await manager.query<OutboxRow[]>(outboxClaimSql(this.table, this.batchSize));
      if (rows.length === 0) return 0;

      // Sent back to back on one connection, so JetStream stores them in this order.
      const results = await Promise.allSettled(rows.map((row) => this.publishRow(row)));
      const published: string[] = [];
      const failed: Array<{ row: OutboxRow; reason: unknown; delay: number }> = [];
      for (const [index, result] of results.entries()) {
        const row = rows[index]!;
        if (result.status === 'fulfilled') published.push(row.seq);
        else
          failed.push({ row, reason: result.reason, delay: retryDelayMs(row.attempts + 1, RELAY_BACKOFF) });
      }
      for (const { row, reason, delay } of failed) {
        await manager.query(
          `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2,
                  next_attempt_at = now() + ($3::int * interval '1 millisecond')
            WHERE seq = $1`,
          [row.seq, String(reason), delay],
        );
      }
      if (failed.length > 0) {
        const earliest = Date.now() + Math.min(...failed.map((entry) => entry.delay));
        this.nextRetryAt = Math.min(this.nextRetryAt ?? earliest, earliest);
        metrics.publishFailures.inc(failed.length);
        // One line per batch, not per row: when NATS is down every row fails the same way.
        const first = failed[0]!;
        logger.warn(
          {
            failed: failed.length,
            firstEventId: first.row.id,
            attempts: first.row.attempts + 1,
            retryInMs: first.delay,
            err: first.reason,
          },
          'outbox publish failed; will retry',
        );
      }
      if (published.length > 0) {
        await manager.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
          published,
        ]);
        metrics.published.inc(published.length);
      }
      return published.length;
    });
  }

  private async publishRow(row: OutboxRow): Promise<void> {
    const { publisher, ns } = this.settings;
    const parent = contextFromHeaders(row.headers);
    const span = platformTracer().startSpan(
      `send ${row.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.subject,
          'messaging.message.id': row.id,
        },
      },
      parent,
    );
    try {
      const headers = natsHeaders();
      injectIntoNatsHeaders(trace.setSpan(context.active(), span), headers);
      const body = typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload);
      const ack = await publisher.publish(ns.subject(row.subject), body, {
        msgID: row.id,
        headers,
        timeout: this.settings.publishTimeoutMs ?? 5_000,
      });
      if (ack.duplicate) span.setAttribute('messaging.nats.duplicate', true);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  }

  /** Unpublished rows and the age of the oldest, for the metrics. */
  async backlog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const [row] = await this.settings.dataSource.query<Array<{ count: number; age: number }>>(
      `SELECT count(*)::int AS count,
              coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
         FROM ${this.table} WHERE published_at IS NULL`,
    );
    return { count: row?.count ?? 0, oldestAgeSeconds: row?.age ?? 0 };
  }

  /**
   * Stops the relay after publishing what is due, for at most `graceMs`: a clean shutdown
   * leaves nothing committed-but-unpublished behind unless NATS is down.
   */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.notified = true;
    this.wake?.();
    await this.loop;
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      const published = await this.publishBatch().catch(() => 0);
      if (published === 0) break;
    }
    clearTimeout(this.relistenTimer);
    const listener = this.listener;
    this.listener = undefined;
    this.settings.metrics.outboxListenerConnected.set(0);
    await listener?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { logger, pollMs } = this.settings;
    while (this.running) {
      let published = 0;
      this.notified = false;
      try {
        published = await this.publishBatch();
      } catch (error) {
        logger.error({ err: error }, 'outbox relay cycle failed');
        await sleep(Math.max(pollMs, 1_000));
      }
      if (published < this.batchSize) await this.idle(this.idleMs(pollMs));
    }
  }

  /**
   * How long to wait for a NOTIFY before looking again: `pollMs` without a LISTEN connection;
   * with one, until the earliest retry this relay scheduled, at most `listeningPollMs`. (An idle
   * service polling every 50 ms cost Postgres a transaction each time, for nothing.)
   */
  private idleMs(pollMs: number): number {
    if (!this.listener) return pollMs;
    const listeningPollMs = Math.max(pollMs, this.settings.listeningPollMs ?? 5_000);
    if (this.nextRetryAt === undefined) return listeningPollMs;
    return Math.max(0, Math.min(listeningPollMs, this.nextRetryAt - Date.now()));
  }

  private idle(ms: number): Promise<void> {
    if (this.notified || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /**
   * Opens the LISTEN connection. At start a failure is the caller's (the service does not
   * start half-connected); later, a lost connection is reopened with back-off until it is
   * back, since without it the relay only polls.
   */
  private async listen(): Promise<void> {
    const { databaseUrl, schema, metrics } = this.settings;
    const client = new Client({ connectionString: databaseUrl, application_name: `outbox-relay:${schema}` });
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    // pg_terminate_backend or a server restart emits 'error' and then 'end'; either means lost.
    client.on('error', (error) => this.listenerLost(client, error));
    client.on('end', () => this.listenerLost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(outboxChannel(schema))}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (!this.running) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    metrics.outboxListenerConnected.set(1);
  }

  private listenerLost(client: Client, error: unknown): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    this.settings.metrics.outboxListenerConnected.set(0);
    void client.end().catch(() => undefined);
    if (!this.running) return;
    // Polling still publishes everything; only the prompt wake-up is lost until reconnect. The
    // relay may be idling for the longer interval it keeps while listening: wake it to poll.
    this.settings.logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back');
    this.wake?.();
    this.relisten(1, retryDelayMs(1, LISTEN_BACKOFF));
  }

  private relisten(attempt: number, delay: number): void {
    if (!this.running) return;
    this.relistenTimer = setTimeout(() => {
      this.listen().then(
        () => {
          if (!this.listener) return;
          this.settings.logger.info({ attempts: attempt }, 'outbox LISTEN connection restored');
          // Rows committed while it was away had no NOTIFY to wake the relay.
          this.notified = true;
          this.wake?.();
        },
        (error: unknown) => {
          const retryInMs = retryDelayMs(attempt + 1, LISTEN_BACKOFF);
          this.settings.logger.debug(
            { err: error, attempt, retryInMs },
            'outbox LISTEN reconnect failed; will retry',
          );
          this.relisten(attempt + 1, retryInMs);
        },
      );
    }, delay);
    this.relistenTimer.unref();
  }
}
