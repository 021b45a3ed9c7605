import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An offer whose conversation ended before anyone accepted it is withdrawn (routing closed the item). */
export class OfferWithdrawn1765411200000 implements MigrationInterface {
  readonly name = 'OfferWithdrawn1765411200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE offer_view DROP CONSTRAINT offer_view_state_ck`);
    await queryRunner.query(
      `ALTER TABLE offer_view ADD CONSTRAINT offer_view_state_ck CHECK (state IN ('pending', 'accepted', 'withdrawn'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM offer_view WHERE state = 'withdrawn'`);
    await queryRunner.query(`ALTER TABLE offer_view DROP CONSTRAINT offer_view_state_ck`);
    await queryRunner.query(
      `ALTER TABLE offer_view ADD CONSTRAINT offer_view_state_ck CHECK (state IN ('pending', 'accepted'))`,
    );
  }
}
