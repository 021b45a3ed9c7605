import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InteractionsAndMessages1764115300000 implements MigrationInterface {
  readonly name = 'InteractionsAndMessages1764115300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE interaction (
        id uuid NOT NULL,
        channel text NOT NULL,
        requester_address text NOT NULL,
        company_address text NOT NULL,
        requester_user_id text NOT NULL,
        profile_id uuid,
        identity_conflict boolean NOT NULL DEFAULT false,
        initiated_by text NOT NULL,
        state text NOT NULL,
        assignee_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_message_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT interaction_pk PRIMARY KEY (id),
        CONSTRAINT interaction_state_ck CHECK (state IN
          ('new', 'on_hold', 'work_in_progress', 'wrap_up', 'closed_complete', 'closed_abandoned')),
        CONSTRAINT interaction_initiated_by_ck CHECK (initiated_by IN ('requester', 'agent'))
      )`);
    // DESIGN: one active conversation per phone pair, enforced by the database.
    await queryRunner.query(`
      CREATE UNIQUE INDEX interaction_one_active_per_pair_uq
        ON interaction (channel, requester_address, company_address)
        WHERE state NOT IN ('closed_complete', 'closed_abandoned')`);
    await queryRunner.query(`
      CREATE TABLE message (
        id uuid NOT NULL,
        interaction_id uuid NOT NULL,
        direction text NOT NULL,
        author_kind text NOT NULL,
        author_id text,
        body text NOT NULL,
        media jsonb NOT NULL DEFAULT '[]'::jsonb,
        occurred_at timestamptz NOT NULL,
        gateway_sequence bigint,
        delivery_status text,
        delivery_error_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_pk PRIMARY KEY (id),
        CONSTRAINT message_interaction_fk FOREIGN KEY (interaction_id) REFERENCES interaction (id),
        CONSTRAINT message_direction_ck CHECK (direction IN ('inbound', 'outbound', 'internal'))
      )`);
    await queryRunner.query(`
      CREATE INDEX message_transcript_idx ON message (interaction_id, occurred_at, gateway_sequence, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE message`);
    await queryRunner.query(`DROP TABLE interaction`);
  }
}
