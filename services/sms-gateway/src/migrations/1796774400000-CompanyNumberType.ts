import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kind of each company number (long code, toll-free, short code): carriers allow each
 * kind its own send rate, which the gateway keeps to (docs/send-rates.md).
 */
export class CompanyNumberType1796774400000 implements MigrationInterface {
  readonly name = 'CompanyNumberType1796774400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE company_number
        ADD COLUMN number_type text NOT NULL DEFAULT 'long_code',
        ADD CONSTRAINT company_number_number_type_ck CHECK (
          number_type IN ('long_code', 'toll_free', 'short_code')
        )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE company_number DROP COLUMN number_type`);
  }
}
