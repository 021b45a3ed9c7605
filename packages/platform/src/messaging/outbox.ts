import { type Envelope, encodeEnvelope, type Subject } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import { quoteIdent } from '../database/sql';
import { currentTraceHeaders } from '../telemetry/propagation';

/**
 * Records events and commands to publish, in the caller's transaction: they are published
 * if and only if the caller's changes commit. The relay publishes them afterwards.
 */
export class Outbox {
  private readonly table: string;

  private readonly channel: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.outbox`;
    this.channel = outboxChannel(schema);
  }

  /**
   * Must run inside the caller's transaction (`manager` from `dataSource.transaction`).
   * Stores the active trace context with each row, so the publish joins the trace that caused it.
   */
  async add(manager: EntityManager, envelopes: Array<Envelope<Subject>>): Promise<void> {
    if (envelopes.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.add must run inside a transaction');
    }
    const headers = JSON.stringify(currentTraceHeaders());
    const values: unknown[] = [];
    const rows = envelopes.map((envelope, index) => {
      const subject = envelope.subject ?? `${envelope.type}.v${envelope.version}`;
      values.push(envelope.id, subject, Buffer.from(encodeEnvelope(envelope)).toString('utf8'), headers);
      const base = index * 4;
      return `($${base + 1}, $${base + 2}, $${base + 3}::jsonb, $${base + 4}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO ${this.table} (id, subject, payload, headers) VALUES ${rows.join(', ')}`,
      values,
    );
    // NOTIFY is delivered when (and only if) this transaction commits: the relay wakes
    // exactly when there is something to publish, on every replica that listens.
    await manager.query('SELECT pg_notify($1, NULL)', [this.channel]);
  }
}

/** The Postgres NOTIFY channel that announces new outbox rows of a schema. */
export function outboxChannel(schema: string): string {
  return `threadline_outbox_${schema}`;
}
