import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets rejected_inbound_message keep WEBHOOK_FIELD_REPEATED: a field sent more than once used
 * to be reported as missing, and now has a code of its own (decision 21).
 */
export class KeepRepeatedFieldRejections1795651200000 implements MigrationInterface {
  readonly name = 'KeepRepeatedFieldRejections1795651200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE rejected_inbound_message
        DROP CONSTRAINT rejected_inbound_message_code_ck,
        ADD CONSTRAINT rejected_inbound_message_code_ck CHECK (
          code IN ('WEBHOOK_FIELD_MISSING', 'WEBHOOK_FIELD_REPEATED', 'PHONE_NUMBER_INVALID',
                   'SMS_BODY_TOO_LARGE', 'UNKNOWN_COMPANY_NUMBER')
        )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Before this migration a repeated field was refused as missing; its rows go back to that
    // code rather than being lost (their reason still says what happened).
    await queryRunner.query(
      `UPDATE rejected_inbound_message SET code = 'WEBHOOK_FIELD_MISSING' WHERE code = 'WEBHOOK_FIELD_REPEATED'`,
    );
    await queryRunner.query(`
      ALTER TABLE rejected_inbound_message
        DROP CONSTRAINT rejected_inbound_message_code_ck,
        ADD CONSTRAINT rejected_inbound_message_code_ck CHECK (
          code IN ('WEBHOOK_FIELD_MISSING', 'PHONE_NUMBER_INVALID', 'SMS_BODY_TOO_LARGE', 'UNKNOWN_COMPANY_NUMBER')
        )`);
  }
}
