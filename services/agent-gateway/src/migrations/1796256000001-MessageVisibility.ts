import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S1: whether a transcript line was the requester's to see or a note for agents only.
 * Null while only a delivery status of the message is known (a placeholder row). Rows projected
 * before are requester-visible: nothing else existed then.
 */
export class MessageVisibility1796256000001 implements MigrationInterface {
  readonly name = 'MessageVisibility1796256000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE message_view
        ADD COLUMN visibility text,
        ADD CONSTRAINT message_view_visibility_ck CHECK (visibility IN ('requester_visible', 'agents_only'))`);
    await runner.query(
      `UPDATE message_view SET visibility = 'requester_visible' WHERE occurred_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE message_view
        DROP CONSTRAINT message_view_visibility_ck,
        DROP COLUMN visibility`);
  }
}
