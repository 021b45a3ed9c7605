import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC M5 "Prompt agent": the prompts messaging actions made for agents, listed until dismissed.
 * A prompt's id is the id of the timer that fired (a timer fires once), so a firing delivered
 * twice makes one prompt.
 */
export class AgentPrompts1796515200000 implements MigrationInterface {
  readonly name = 'AgentPrompts1796515200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE agent_prompt (
        id uuid NOT NULL,
        agent_id text NOT NULL,
        interaction_id uuid NOT NULL,
        action_id uuid NOT NULL,
        action_name text,
        text text NOT NULL,
        deadline timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dismissed_at timestamptz,
        CONSTRAINT agent_prompt_pk PRIMARY KEY (id),
        CONSTRAINT agent_prompt_text_ck CHECK (text <> '')
      )`);
    // GET /me/prompts: an agent's undismissed prompts, newest first.
    await runner.query(
      `CREATE INDEX agent_prompt_open_idx ON agent_prompt (agent_id, created_at DESC, id DESC)
         WHERE dismissed_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX agent_prompt_open_idx`);
    await runner.query(`DROP TABLE agent_prompt`);
  }
}
