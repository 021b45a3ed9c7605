import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S2: whether a requester number receives messages from a company number. One row per phone
 * pair that ever texted a keyword or was refused by the provider; a pair without a row is opted in.
 */
export class RequesterOptOut1796601600000 implements MigrationInterface {
  readonly name = 'RequesterOptOut1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE requester_opt_out (
        company_address text NOT NULL,
        requester_address text NOT NULL,
        opted_out boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        source text NOT NULL,
        keyword text,
        PRIMARY KEY (company_address, requester_address),
        CONSTRAINT requester_opt_out_source_ck CHECK (source IN ('keyword', 'provider')),
        CONSTRAINT requester_opt_out_keyword_ck CHECK ((source = 'keyword') = (keyword IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE requester_opt_out`);
  }
}
