import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S2: which phone pairs opted out, projected from interaction's
 * `interaction.requester.opt-out-changed.v1`, so a conversation shows it without asking. The
 * latest event wins (uuid v7 ids sort by creation), whatever order they arrive in.
 */
export class RequesterOptOutView1796601600001 implements MigrationInterface {
  readonly name = 'RequesterOptOutView1796601600001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE requester_opt_out_view (
        company_address text NOT NULL,
        requester_address text NOT NULL,
        opted_out boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        source text NOT NULL,
        keyword text,
        event_id uuid NOT NULL,
        CONSTRAINT requester_opt_out_view_pk PRIMARY KEY (company_address, requester_address)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE requester_opt_out_view`);
  }
}
