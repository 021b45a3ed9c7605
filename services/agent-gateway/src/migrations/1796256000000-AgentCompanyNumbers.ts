import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The company numbers each agent may start SMS conversations from (SPEC "Agent-initiated
 * conversations": the number is pre-filled when only one is allowed). Managers and admins may
 * use every number listed here for anyone; that rule is in code, not in rows.
 */
export class AgentCompanyNumbers1796256000000 implements MigrationInterface {
  readonly name = 'AgentCompanyNumbers1796256000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE agent_company_number (
        agent_id uuid NOT NULL,
        company_address text NOT NULL,
        label text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_company_number_pk PRIMARY KEY (agent_id, company_address),
        CONSTRAINT agent_company_number_agent_fk FOREIGN KEY (agent_id)
          REFERENCES agent_account (id) ON DELETE CASCADE,
        CONSTRAINT agent_company_number_address_e164_ck CHECK (company_address ~ '^\\+[1-9][0-9]{1,14}$'),
        CONSTRAINT agent_company_number_label_ck CHECK (label <> '')
      )`);
    // Managers and admins list every number anyone may use.
    await runner.query(
      `CREATE INDEX agent_company_number_address_idx ON agent_company_number (company_address)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX agent_company_number_address_idx`);
    await runner.query(`DROP TABLE agent_company_number`);
  }
}
