import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent } from '../database/sql';

export interface DeadLetterInput {
  consumer: string;
  subject: string;
  eventId: string | null;
  /** Stable code: a ContractError code, HANDLER_REJECTED, or MAX_DELIVER_EXCEEDED. */
  errorCode: string;
  reason: string;
  payload: string;
  headers: Record<string, string[]>;
  deliveryCount: number;
  streamSequence: number | null;
}

export interface DeadLetter extends DeadLetterInput {
  id: string;
  createdAt: Date;
  replayedAt: Date | null;
}

/**
 * The list of messages a consumer gave up on, kept in the consuming service's schema so an
 * operator can read and replay them; nothing a consumer refuses disappears silently.
 */
export class DeadLetters {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.dead_letter`;
  }

  async record(entry: DeadLetterInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table}
         (consumer, subject, event_id, error_code, reason, payload, headers, delivery_count, stream_sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [
        entry.consumer,
        entry.subject,
        entry.eventId,
        entry.errorCode,
        entry.reason.slice(0, 4_000),
        entry.payload,
        JSON.stringify(entry.headers),
        entry.deliveryCount,
        entry.streamSequence,
      ],
    );
  }

  async list(options: { consumer?: string; limit?: number } = {}): Promise<DeadLetter[]> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT id, consumer, subject, event_id, error_code, reason, payload, headers, delivery_count,
              stream_sequence, created_at, replayed_at
         FROM ${this.table}
        WHERE ($1::text IS NULL OR consumer = $1)
        ORDER BY id LIMIT $2`,
      [options.consumer ?? null, options.limit ?? 100],
    );
    return rows.map((row) => ({
      id: String(row.id),
      consumer: row.consumer as string,
      subject: row.subject as string,
      eventId: row.event_id as string | null,
      errorCode: row.error_code as string,
      reason: row.reason as string,
      payload: row.payload as string,
      headers: row.headers as Record<string, string[]>,
      deliveryCount: row.delivery_count as number,
      streamSequence: row.stream_sequence === null ? null : Number(row.stream_sequence),
      createdAt: row.created_at as Date,
      replayedAt: row.replayed_at as Date | null,
    }));
  }
}
