import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_QUEUE_ID } from '../domain/default-queue';

export class QueuesAgentsWorkItems1764115400000 implements MigrationInterface {
  readonly name = 'QueuesAgentsWorkItems1764115400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agent (
        id text NOT NULL,
        presence text NOT NULL DEFAULT 'offline',
        capacity integer NOT NULL,
        last_assigned_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_pk PRIMARY KEY (id),
        CONSTRAINT agent_presence_ck CHECK (presence IN ('available', 'away', 'offline')),
        CONSTRAINT agent_capacity_ck CHECK (capacity >= 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE queue (
        id uuid NOT NULL,
        name text NOT NULL,
        assignment_rule text NOT NULL DEFAULT 'most_capacity',
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0,
        CONSTRAINT queue_pk PRIMARY KEY (id),
        CONSTRAINT queue_name_uq UNIQUE (name),
        CONSTRAINT queue_assignment_rule_ck CHECK (assignment_rule IN ('most_capacity', 'last_assigned'))
      )`);
    await queryRunner.query(`
      CREATE TABLE queue_member (
        queue_id uuid NOT NULL,
        agent_id text NOT NULL,
        CONSTRAINT queue_member_pk PRIMARY KEY (queue_id, agent_id),
        CONSTRAINT queue_member_queue_fk FOREIGN KEY (queue_id) REFERENCES queue (id) ON DELETE CASCADE,
        CONSTRAINT queue_member_agent_fk FOREIGN KEY (agent_id) REFERENCES agent (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE work_item (
        id uuid NOT NULL,
        interaction_id uuid NOT NULL,
        queue_id uuid NOT NULL,
        channel text NOT NULL,
        priority integer NOT NULL DEFAULT 0,
        size integer NOT NULL DEFAULT 1,
        state text NOT NULL,
        agent_id text,
        offer_count integer NOT NULL DEFAULT 0,
        offer_expires_at timestamptz,
        rejected_by text[] NOT NULL DEFAULT '{}',
        enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        assigned_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT work_item_pk PRIMARY KEY (id),
        CONSTRAINT work_item_queue_fk FOREIGN KEY (queue_id) REFERENCES queue (id),
        CONSTRAINT work_item_state_ck CHECK (state IN ('queued', 'offered', 'assigned', 'closed')),
        CONSTRAINT work_item_agent_ck CHECK ((state IN ('offered', 'assigned')) = (agent_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX work_item_one_open_per_interaction_uq ON work_item (interaction_id) WHERE state <> 'closed'`,
    );
    // SPEC W8: waiting items by priority, then oldest first.
    await queryRunner.query(
      `CREATE INDEX work_item_waiting_idx ON work_item (queue_id, priority DESC, enqueued_at) WHERE state = 'queued'`,
    );
    await queryRunner.query(
      `CREATE INDEX work_item_agent_load_idx ON work_item (agent_id) WHERE state IN ('offered', 'assigned')`,
    );
    await queryRunner.query(`INSERT INTO queue (id, name) VALUES ($1, 'SMS support')`, [DEFAULT_QUEUE_ID]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE work_item`);
    await queryRunner.query(`DROP TABLE queue_member`);
    await queryRunner.query(`DROP TABLE queue`);
    await queryRunner.query(`DROP TABLE agent`);
  }
}
