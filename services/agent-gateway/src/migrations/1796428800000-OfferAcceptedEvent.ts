import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC W9, W10: a work item keeps its id when it goes back to a queue after it was accepted (its
 * agent became unavailable, or transferred it), so its offer row remembers the assignment that
 * accepted it: an offer made after that one stands again. Rows accepted before this migration take
 * their offer's id, the closest known moment before the acceptance.
 */
export class OfferAcceptedEvent1796428800000 implements MigrationInterface {
  readonly name = 'OfferAcceptedEvent1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE offer_view ADD COLUMN accepted_event_id uuid`);
    await queryRunner.query(
      `UPDATE offer_view SET accepted_event_id = offer_event_id WHERE state = 'accepted'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE offer_view DROP COLUMN accepted_event_id`);
  }
}
