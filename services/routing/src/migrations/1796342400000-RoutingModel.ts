import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_QUEUE_ID } from '../domain/default-queue';

/**
 * Routing as configurable Advanced Work Assignment (SPEC W1–W10):
 * - `channel`: a service channel's default capacity per agent (null: the service's
 *   ROUTING_DEFAULT_CAPACITY) and its work item size (W1).
 * - `presence_state`: the presence states, each saying whether it receives work and on which
 *   channels (W3); the three built-in ones cannot be removed. `agent.presence` refers to one.
 * - `agent.universal_capacity` (null: no cap across channels) and `agent_channel_capacity` (W1);
 *   `agent.last_seen_at` for heartbeats (W3).
 * - `queue`: condition, schedule, auto-assign, offer timeout and its presence, channel, and one
 *   fallback queue for items no condition matches (W2, W5, W7).
 * - `work_item.reserved_for`: a transfer to a named agent (W10); `offered_at` for metrics.
 */
export class RoutingModel1796342400000 implements MigrationInterface {
  readonly name = 'RoutingModel1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channel (
        name text NOT NULL,
        default_capacity integer,
        item_size integer NOT NULL DEFAULT 1,
        CONSTRAINT channel_pk PRIMARY KEY (name),
        CONSTRAINT channel_default_capacity_ck CHECK (default_capacity IS NULL OR default_capacity >= 0),
        CONSTRAINT channel_item_size_ck CHECK (item_size >= 1)
      )`);
    await queryRunner.query(`INSERT INTO channel (name) VALUES ('sms')`);

    await queryRunner.query(`
      CREATE TABLE presence_state (
        name text NOT NULL,
        receives_work boolean NOT NULL,
        channels text[],
        built_in boolean NOT NULL DEFAULT false,
        CONSTRAINT presence_state_pk PRIMARY KEY (name)
      )`);
    await queryRunner.query(`
      INSERT INTO presence_state (name, receives_work, channels, built_in) VALUES
        ('available', true, NULL, true), ('away', false, NULL, true), ('offline', false, NULL, true)`);

    await queryRunner.query(`ALTER TABLE agent DROP CONSTRAINT agent_presence_ck`);
    await queryRunner.query(`
      ALTER TABLE agent
        ADD CONSTRAINT agent_presence_fk FOREIGN KEY (presence) REFERENCES presence_state (name),
        ADD COLUMN last_seen_at timestamptz`);
    // Every agent had the default capacity: from now on that is the channel's, not the agent's own.
    await queryRunner.query(`ALTER TABLE agent RENAME COLUMN capacity TO universal_capacity`);
    await queryRunner.query(`ALTER TABLE agent ALTER COLUMN universal_capacity DROP NOT NULL`);
    await queryRunner.query(`UPDATE agent SET universal_capacity = NULL`);
    await queryRunner.query(
      `ALTER TABLE agent RENAME CONSTRAINT agent_capacity_ck TO agent_universal_capacity_ck`,
    );
    await queryRunner.query(`
      CREATE TABLE agent_channel_capacity (
        agent_id text NOT NULL,
        channel text NOT NULL,
        capacity integer NOT NULL,
        CONSTRAINT agent_channel_capacity_pk PRIMARY KEY (agent_id, channel),
        CONSTRAINT agent_channel_capacity_agent_fk FOREIGN KEY (agent_id) REFERENCES agent (id) ON DELETE CASCADE,
        CONSTRAINT agent_channel_capacity_channel_fk FOREIGN KEY (channel) REFERENCES channel (name),
        CONSTRAINT agent_channel_capacity_ck CHECK (capacity >= 0)
      )`);
    // SPEC W3: the heartbeat sweep looks for present agents silent for too long.
    await queryRunner.query(
      `CREATE INDEX agent_last_seen_idx ON agent (last_seen_at) WHERE presence <> 'offline'`,
    );

    await queryRunner.query(`
      ALTER TABLE queue
        ADD COLUMN channel text NOT NULL DEFAULT 'sms',
        ADD COLUMN condition jsonb,
        ADD COLUMN schedule jsonb,
        ADD COLUMN auto_assign boolean NOT NULL DEFAULT false,
        ADD COLUMN offer_timeout_seconds integer,
        ADD COLUMN offer_timeout_presence text,
        ADD COLUMN fallback boolean NOT NULL DEFAULT false,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT queue_channel_fk FOREIGN KEY (channel) REFERENCES channel (name),
        ADD CONSTRAINT queue_offer_timeout_presence_fk
          FOREIGN KEY (offer_timeout_presence) REFERENCES presence_state (name),
        ADD CONSTRAINT queue_offer_timeout_ck CHECK (offer_timeout_seconds IS NULL OR offer_timeout_seconds > 0),
        ADD CONSTRAINT queue_fallback_active_ck CHECK (NOT fallback OR (active AND condition IS NULL AND schedule IS NULL))`);
    await queryRunner.query(`CREATE UNIQUE INDEX queue_one_fallback_uq ON queue (fallback) WHERE fallback`);
    // The first conversation's queue takes what no other queue matches, and comes last.
    await queryRunner.query(`UPDATE queue SET fallback = true, position = 1000000 WHERE id = $1`, [
      DEFAULT_QUEUE_ID,
    ]);

    await queryRunner.query(`
      ALTER TABLE work_item
        ADD COLUMN reserved_for text,
        ADD COLUMN offered_at timestamptz`);
    // SPEC W6: the timeout sweep reads due offers in deadline order.
    await queryRunner.query(
      `CREATE INDEX work_item_offer_deadline_idx ON work_item (offer_expires_at) WHERE state = 'offered'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX work_item_offer_deadline_idx`);
    await queryRunner.query(`ALTER TABLE work_item DROP COLUMN offered_at, DROP COLUMN reserved_for`);
    await queryRunner.query(`DROP INDEX queue_one_fallback_uq`);
    await queryRunner.query(`
      ALTER TABLE queue
        DROP CONSTRAINT queue_fallback_active_ck,
        DROP CONSTRAINT queue_offer_timeout_ck,
        DROP CONSTRAINT queue_offer_timeout_presence_fk,
        DROP CONSTRAINT queue_channel_fk,
        DROP COLUMN updated_at, DROP COLUMN fallback, DROP COLUMN offer_timeout_presence,
        DROP COLUMN offer_timeout_seconds, DROP COLUMN auto_assign, DROP COLUMN schedule,
        DROP COLUMN condition, DROP COLUMN channel`);
    await queryRunner.query(`UPDATE queue SET position = 0 WHERE id = $1`, [DEFAULT_QUEUE_ID]);
    await queryRunner.query(`DROP INDEX agent_last_seen_idx`);
    // Back to one capacity per agent: their own on sms, else their universal one, else 4 (the old default).
    await queryRunner.query(`
      UPDATE agent a SET universal_capacity = COALESCE(
        (SELECT c.capacity FROM agent_channel_capacity c WHERE c.agent_id = a.id AND c.channel = 'sms'),
        a.universal_capacity, 4)`);
    await queryRunner.query(`DROP TABLE agent_channel_capacity`);
    await queryRunner.query(
      `ALTER TABLE agent RENAME CONSTRAINT agent_universal_capacity_ck TO agent_capacity_ck`,
    );
    await queryRunner.query(`ALTER TABLE agent ALTER COLUMN universal_capacity SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE agent RENAME COLUMN universal_capacity TO capacity`);
    await queryRunner.query(
      `UPDATE agent SET presence = 'away' WHERE presence NOT IN ('available', 'away', 'offline')`,
    );
    await queryRunner.query(`ALTER TABLE agent DROP CONSTRAINT agent_presence_fk, DROP COLUMN last_seen_at`);
    await queryRunner.query(
      `ALTER TABLE agent ADD CONSTRAINT agent_presence_ck CHECK (presence IN ('available', 'away', 'offline'))`,
    );
    await queryRunner.query(`DROP TABLE presence_state`);
    await queryRunner.query(`DROP TABLE channel`);
  }
}
