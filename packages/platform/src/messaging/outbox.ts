import { type Envelope, encodeEnvelope, type Subject } from '@threadline/contracts';
import { v7 as uuidv7 } from 'uuid';
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
    await this.insert(
      manager,
      envelopes.map((envelope) => ({
        messageId: envelope.id,
        subject: envelope.subject ?? `${envelope.type}.v${envelope.version}`,
        payload: Buffer.from(encodeEnvelope(envelope)).toString('utf8'),
      })),
    );
  }

  /**
   * Publishes an already-encoded message again under a new message id (so JetStream does not
   * drop it as a duplicate); the envelope inside keeps its id, so consumers that handled it
   * before still recognise it. For dead-letter replay. Same transaction rule as {@link add}.
   */
  async republish(manager: EntityManager, message: { subject: string; payload: string }): Promise<string> {
    const messageId = uuidv7();
    await this.insert(manager, [{ messageId, ...message }]);
    return messageId;
  }

  private async insert(
    manager: EntityManager,
    rows: Array<{ messageId: string; subject: string; payload: string }>,
  ): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('the outbox must be written inside a transaction');
    }
    const headers = JSON.stringify(currentTraceHeaders());
    const values: unknown[] = [];
    const placeholders = rows.map((row, index) => {
      values.push(row.messageId, row.subject, row.payload, headers);
      const base = index * 4;
      return `($${base + 1}, $${base + 2}, $${base + 3}::jsonb, $${base + 4}::jsonb)`;
    });
    // One statement, one round trip: the CTE's insert runs whether or not the outer query reads
    // it. NOTIFY is delivered when (and only if) this transaction commits, so the relay wakes
    // exactly when there is something to publish, on every replica that listens.
    values.push(this.channel);
    await manager.query(
      `WITH inserted AS (
         INSERT INTO ${this.table} (id, subject, payload, headers) VALUES ${placeholders.join(', ')}
       )
       SELECT pg_notify($${values.length}, NULL)`,
      values,
    );
  }
}

/** The Postgres NOTIFY channel that announces new outbox rows of a schema. */
export function outboxChannel(schema: string): string {
  return `threadline_outbox_${schema}`;
}
