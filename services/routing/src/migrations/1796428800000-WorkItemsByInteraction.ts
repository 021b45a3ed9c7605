import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC M4: the timer service asks for a conversation's latest work item, open or closed, whenever a
 * messaging action's filter tests its queue. Closed items are kept for good, and the unique index
 * on `interaction_id` covers open ones only: without this one every question would read them all.
 */
export class WorkItemsByInteraction1796428800000 implements MigrationInterface {
  readonly name = 'WorkItemsByInteraction1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX work_item_interaction_idx ON work_item (interaction_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX work_item_interaction_idx`);
  }
}
