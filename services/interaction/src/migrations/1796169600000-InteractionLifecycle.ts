import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What ending a conversation records: the outcome waiting for wrap-up to complete and who ended
 * it (`closed_at` exists since the first migration). The agents who joined it (A2), which A-rule
 * a message started, and the last state-changed event (so asking twice answers the same).
 */
export class InteractionLifecycle1796169600000 implements MigrationInterface {
  readonly name = 'InteractionLifecycle1796169600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE interaction
        ADD COLUMN pending_outcome text,
        ADD COLUMN ended_by text,
        ADD COLUMN participant_ids text[] NOT NULL DEFAULT '{}',
        ADD COLUMN last_state_change jsonb,
        ADD CONSTRAINT interaction_pending_outcome_ck CHECK (pending_outcome IN ('complete', 'abandoned')),
        ADD CONSTRAINT interaction_pending_outcome_wrap_up_ck CHECK ((pending_outcome IS NULL) = (state <> 'wrap_up'))`);
    await queryRunner.query(`
      ALTER TABLE message
        ADD COLUMN agent_start_rule text,
        ADD CONSTRAINT message_agent_start_rule_ck CHECK (agent_start_rule IN ('A1', 'A2', 'A3', 'A4'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE message DROP CONSTRAINT message_agent_start_rule_ck, DROP COLUMN agent_start_rule`);
    await queryRunner.query(`
      ALTER TABLE interaction
        DROP COLUMN last_state_change,
        DROP COLUMN participant_ids,
        DROP CONSTRAINT interaction_pending_outcome_wrap_up_ck,
        DROP CONSTRAINT interaction_pending_outcome_ck,
        DROP COLUMN ended_by,
        DROP COLUMN pending_outcome`);
  }
}
