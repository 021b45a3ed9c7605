import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S3: the stable reason of an undelivered or failed message (sms-gateway's mapping of the
 * provider's error code), which the conversation view words for agents.
 */
export class MessageFailureReason1796688000002 implements MigrationInterface {
  readonly name = 'MessageFailureReason1796688000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE message_view ADD COLUMN failure_reason text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE message_view DROP COLUMN failure_reason`);
  }
}
