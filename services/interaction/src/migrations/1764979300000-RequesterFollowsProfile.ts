import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why an interaction's identity is in conflict, and which profile change it last followed (P5). */
export class RequesterFollowsProfile1764979300000 implements MigrationInterface {
  readonly name = 'RequesterFollowsProfile1764979300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE interaction
        ADD COLUMN identity_conflict_reason text,
        ADD COLUMN requester_audit_id uuid`);
    await queryRunner.query(
      `CREATE INDEX interaction_active_by_profile_idx ON interaction (profile_id)
        WHERE state NOT IN ('closed_complete', 'closed_abandoned')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX interaction_active_by_profile_idx`);
    await queryRunner.query(
      `ALTER TABLE interaction DROP COLUMN identity_conflict_reason, DROP COLUMN requester_audit_id`,
    );
  }
}
