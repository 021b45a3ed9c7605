import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The messaging profile behind a conversation and why its identity is in conflict (SPEC P4),
 * kept up to date by requester changes (SPEC P5). Rows projected before this migration keep
 * null here until a requester change arrives: their created events were consumed already.
 */
export class ConversationRequester1765065600000 implements MigrationInterface {
  readonly name = 'ConversationRequester1765065600000';

  async up(runner: QueryRunner): Promise<void> {
    // requester_event_id: the uuid v7 of the event that last set the requester fields, like
    // state_event_id, so an older requester change arriving late never overwrites a newer one.
    await runner.query(`
      ALTER TABLE conversation_view
        ADD COLUMN profile_id uuid,
        ADD COLUMN identity_conflict_reason text,
        ADD COLUMN requester_event_id uuid,
        ADD CONSTRAINT conversation_view_identity_conflict_reason_ck CHECK (identity_conflict_reason IN
          ('several_users', 'directory_disagrees', 'profile_user_inactive'))`);
    // Who may correct a profile (SPEC P5): the conversations of one agent with one number.
    await runner.query(
      `CREATE INDEX conversation_view_assignee_requester_idx ON conversation_view (assignee_id, requester_address)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX conversation_view_assignee_requester_idx`);
    await runner.query(`
      ALTER TABLE conversation_view
        DROP CONSTRAINT conversation_view_identity_conflict_reason_ck,
        DROP COLUMN requester_event_id,
        DROP COLUMN identity_conflict_reason,
        DROP COLUMN profile_id`);
  }
}
