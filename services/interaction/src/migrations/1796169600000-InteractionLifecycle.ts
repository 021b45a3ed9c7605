import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What ending a conversation records: the outcome waiting for wrap-up to complete, who ended it
 * and their note. `closed_at` exists since the first migration.
 */
export class InteractionLifecycle1796169600000 implements MigrationInterface {
  readonly name = 'InteractionLifecycle1796169600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE interaction
        ADD COLUMN pending_outcome text,
        ADD COLUMN ended_by text,
        ADD CONSTRAINT interaction_pending_outcome_ck CHECK (pending_outcome IN ('complete', 'abandoned')),
        ADD CONSTRAINT interaction_pending_outcome_wrap_up_ck CHECK ((pending_outcome IS NULL) = (state <> 'wrap_up'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE interaction
        DROP CONSTRAINT interaction_pending_outcome_wrap_up_ck,
        DROP CONSTRAINT interaction_pending_outcome_ck,
        DROP COLUMN ended_by,
        DROP COLUMN pending_outcome`);
  }
}
