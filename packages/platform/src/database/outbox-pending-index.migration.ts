import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './sql';

/**
 * The relay's claim (`WHERE published_at IS NULL AND next_attempt_at <= now() ORDER BY seq LIMIT n`)
 * walks an index on `seq` of the unpublished rows, in order, and stops at `n`.
 *
 * The first index, on `(next_attempt_at, seq)`, made Postgres collect every entry due and sort
 * them, by a bitmap scan. Marking a row published leaves its old entry in a partial index until
 * VACUUM, and a bitmap scan never marks such entries dead, so each claim read every row published
 * since the last VACUUM: under the conversation bench, 3,600 index entries and 1,100 table pages
 * per claim, most of Postgres's work per SMS. An ordered index scan marks the dead entries it
 * passes, and the next claim skips them. VACUUM comes sooner too, after a fixed number of
 * changes rather than a share of a table that keeps every published row for a while.
 */
export function outboxPendingIndexMigration(schema: string): new () => MigrationInterface {
  const s = quoteIdent(schema);
  return class OutboxPendingIndex1764028800001 implements MigrationInterface {
    readonly name = 'OutboxPendingIndex1764028800001';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP INDEX ${s}.outbox_pending_idx`);
      await queryRunner.query(
        `CREATE INDEX outbox_pending_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`,
      );
      await queryRunner.query(
        `ALTER TABLE ${s}.outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000)`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `ALTER TABLE ${s}.outbox RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`,
      );
      await queryRunner.query(`DROP INDEX ${s}.outbox_pending_idx`);
      await queryRunner.query(
        `CREATE INDEX outbox_pending_idx ON ${s}.outbox (next_attempt_at, seq) WHERE published_at IS NULL`,
      );
    }
  };
}
