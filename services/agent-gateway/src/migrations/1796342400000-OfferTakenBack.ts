import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC W6, W9: an offer that was rejected, timed out or given back is kept as taken back. */
export class OfferTakenBack1796342400000 implements MigrationInterface {
  readonly name = 'OfferTakenBack1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE offer_view DROP CONSTRAINT offer_view_state_ck`);
    await queryRunner.query(
      `ALTER TABLE offer_view ADD CONSTRAINT offer_view_state_ck
         CHECK (state IN ('pending', 'taken_back', 'accepted', 'withdrawn'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Before this migration a taken-back offer stayed pending with its deadline moved to the requeue.
    await queryRunner.query(`UPDATE offer_view SET state = 'pending' WHERE state = 'taken_back'`);
    await queryRunner.query(`ALTER TABLE offer_view DROP CONSTRAINT offer_view_state_ck`);
    await queryRunner.query(
      `ALTER TABLE offer_view ADD CONSTRAINT offer_view_state_ck CHECK (state IN ('pending', 'accepted', 'withdrawn'))`,
    );
  }
}
