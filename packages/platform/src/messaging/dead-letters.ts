import type { DataSource, EntityManager } from 'typeorm';
import type { ContractError } from '@threadline/contracts';
import { quoteIdent } from '../database/sql';
import { AppError } from '../errors/app-error';
import type { Outbox } from './outbox';

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
    private readonly outbox: Outbox,
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

  /**
   * Puts a dead letter back on its subject through the outbox, once. Messages that broke
   * their contract are refused: publishing them again cannot end differently.
   * @returns the message id the replay is published under
   */
  async replay(id: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [letter] = await manager.query<
        Array<{ subject: string; payload: string; error_code: string; replayed_at: Date | null }>
      >(`SELECT subject, payload, error_code, replayed_at FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]);
      if (!letter) throw new AppError('DEAD_LETTER_NOT_FOUND', 404, `no dead letter ${id}`);
      if (letter.replayed_at) {
        throw new AppError(
          'DEAD_LETTER_ALREADY_REPLAYED',
          409,
          `dead letter ${id} was replayed at ${letter.replayed_at.toISOString()}`,
        );
      }
      if (CONTRACT_ERROR_CODES.has(letter.error_code)) {
        throw new AppError(
          'DEAD_LETTER_NOT_REPLAYABLE',
          409,
          `dead letter ${id} broke its contract (${letter.error_code}); replaying it would fail the same way`,
        );
      }
      const messageId = await this.outbox.republish(manager, {
        subject: letter.subject,
        payload: letter.payload,
      });
      await manager.query(`UPDATE ${this.table} SET replayed_at = now() WHERE id = $1`, [id]);
      return messageId;
    });
  }
}

const CONTRACT_ERROR_CODES = new Set<string>([
  'ENVELOPE_INVALID',
  'UNKNOWN_MESSAGE_TYPE',
  'UNSUPPORTED_VERSION',
  'SUBJECT_MISMATCH',
  'PAYLOAD_INVALID',
] satisfies Array<ContractError['code']>);
