import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S3: beside the provider's error code, the transcript keeps the stable reason sms-gateway
 * gives it (RECIPIENT_OPTED_OUT, UNREACHABLE, ...), the one agents read.
 */
export class DeliveryFailureReason1796688000001 implements MigrationInterface {
  readonly name = 'DeliveryFailureReason1796688000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message ADD COLUMN delivery_failure_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message DROP COLUMN delivery_failure_reason`);
  }
}
