import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work items follow their interaction's state: `held` while it is on hold (SPEC W4: it does not
 * count against capacity), closed when it ends. `state_event_id` is the interaction event last
 * applied, so a late, older event never undoes a newer one; `preferred_agent_id` who should be
 * offered it first (SPEC R4). `interaction_closure` remembers the
 * latest close of each interaction, so an enqueue issued before the close but delivered after it
 * does not route a conversation that already ended.
 */
export class WorkItemLifecycle1796169600001 implements MigrationInterface {
  readonly name = 'WorkItemLifecycle1796169600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE work_item
        ADD COLUMN held boolean NOT NULL DEFAULT false,
        ADD COLUMN state_event_id uuid,
        ADD COLUMN preferred_agent_id text`);
    await queryRunner.query(`
      CREATE TABLE interaction_closure (
        interaction_id uuid NOT NULL,
        closed_event_id uuid NOT NULL,
        CONSTRAINT interaction_closure_pk PRIMARY KEY (interaction_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE interaction_closure`);
    await queryRunner.query(
      `ALTER TABLE work_item DROP COLUMN preferred_agent_id, DROP COLUMN state_event_id, DROP COLUMN held`,
    );
  }
}
