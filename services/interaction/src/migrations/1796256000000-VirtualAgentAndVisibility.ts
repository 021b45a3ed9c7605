import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC R1/R3: who handles an interaction (the virtual agent or routing), what the virtual agent
 * remembers between messages and why it handed over. SPEC S1: whether a transcript entry is
 * the requester's to see or a note for agents. Existing rows were routed and requester-visible.
 */
export class VirtualAgentAndVisibility1796256000000 implements MigrationInterface {
  readonly name = 'VirtualAgentAndVisibility1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // va_turns counts the messages the virtual agent answered: a turn computed from an older
    // state (two messages answered at once) sees it changed and is computed again.
    await queryRunner.query(`
      ALTER TABLE interaction
        ADD COLUMN handled_by text NOT NULL DEFAULT 'routing',
        ADD COLUMN va_state jsonb,
        ADD COLUMN va_turns integer NOT NULL DEFAULT 0,
        ADD COLUMN va_handoff_reason text,
        ADD CONSTRAINT interaction_handled_by_ck CHECK (handled_by IN ('virtual_agent', 'routing')),
        ADD CONSTRAINT interaction_va_turns_ck CHECK (va_turns >= 0),
        ADD CONSTRAINT interaction_va_handoff_reason_ck CHECK (va_handoff_reason IN
          ('requested_person', 'topic_handoff', 'not_understood', 'bot_unavailable'))`);
    await queryRunner.query(`
      ALTER TABLE message
        ADD COLUMN visibility text NOT NULL DEFAULT 'requester_visible',
        ADD CONSTRAINT message_visibility_ck CHECK (visibility IN ('requester_visible', 'agents_only'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE message
        DROP CONSTRAINT message_visibility_ck,
        DROP COLUMN visibility`);
    await queryRunner.query(`
      ALTER TABLE interaction
        DROP CONSTRAINT interaction_va_handoff_reason_ck,
        DROP CONSTRAINT interaction_va_turns_ck,
        DROP CONSTRAINT interaction_handled_by_ck,
        DROP COLUMN va_handoff_reason,
        DROP COLUMN va_turns,
        DROP COLUMN va_state,
        DROP COLUMN handled_by`);
  }
}
