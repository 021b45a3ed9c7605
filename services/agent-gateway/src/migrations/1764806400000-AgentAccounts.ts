import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The people who log in to the agent API. Usernames are stored lower-case. */
export class AgentAccounts1764806400000 implements MigrationInterface {
  readonly name = 'AgentAccounts1764806400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE agent_account (
        id uuid NOT NULL,
        username text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_account_pk PRIMARY KEY (id),
        CONSTRAINT agent_account_username_uq UNIQUE (username),
        CONSTRAINT agent_account_username_lower_ck CHECK (username = lower(username) AND username <> ''),
        CONSTRAINT agent_account_role_ck CHECK (role IN ('agent', 'manager', 'admin'))
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE agent_account`);
  }
}
