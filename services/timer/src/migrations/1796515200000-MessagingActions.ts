import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messaging actions as admins define them (SPEC M1–M5), with the two Threadline ships (M7); what
 * became of each fired timer; and what the service remembers of each conversation so late or
 * out-of-order messages arm nothing they should not (the latest message of each side, the latest close).
 */
/**
 * SPEC M7, as shipped (ids fixed here, so tests and operators can find them). Admins may change or
 * switch them off like any other action; deleting one is for good.
 */
const DEFAULT_ACTIONS = [
  {
    id: '0193a000-0000-7000-8000-00000000a701',
    name: 'Remind the agent',
    event: 'requester_message_without_agent_response',
    durationSeconds: 30 * 60,
    condition: { field: 'assigned', op: 'eq', value: true },
    action: { kind: 'prompt_agent', text: 'The requester has waited 30 minutes for a reply.' },
  },
  {
    id: '0193a000-0000-7000-8000-00000000a702',
    name: 'Close abandoned conversations',
    event: 'agent_message_without_requester_response',
    durationSeconds: 2 * 24 * 3600,
    condition: null,
    action: { kind: 'set_state', state: 'closed_abandoned' },
  },
];

export class MessagingActions1796515200000 implements MigrationInterface {
  readonly name = 'MessagingActions1796515200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE messaging_action (
        id uuid NOT NULL,
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        event text NOT NULL,
        duration_seconds integer NOT NULL,
        condition jsonb,
        action jsonb NOT NULL,
        built_in boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messaging_action_pk PRIMARY KEY (id),
        CONSTRAINT messaging_action_event_ck CHECK (event IN
          ('requester_message_without_agent_response', 'agent_message_without_requester_response')),
        CONSTRAINT messaging_action_duration_ck CHECK (duration_seconds > 0),
        CONSTRAINT messaging_action_kind_ck CHECK (action->>'kind' IN
          ('prompt_agent', 'prompt_requester', 'reassign', 'set_state'))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX messaging_action_name_ux ON messaging_action (lower(name))`);
    for (const action of DEFAULT_ACTIONS) {
      await queryRunner.query(
        `INSERT INTO messaging_action (id, name, active, event, duration_seconds, condition, action, built_in)
         VALUES ($1, $2, true, $3, $4, $5::jsonb, $6::jsonb, true)`,
        [
          action.id,
          action.name,
          action.event,
          action.durationSeconds,
          action.condition === null ? null : JSON.stringify(action.condition),
          JSON.stringify(action.action),
        ],
      );
    }

    await queryRunner.query(`ALTER TABLE timer ADD COLUMN outcome text`);
    // A firing that failed (its conversation's owner did not answer) is tried again later, alone.
    await queryRunner.query(`ALTER TABLE timer ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE timer ADD COLUMN retry_at timestamptz`);
    await queryRunner.query(
      `CREATE INDEX timer_retry_ix ON timer (retry_at) WHERE state = 'armed' AND retry_at IS NOT NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE timer ADD CONSTRAINT timer_outcome_ck CHECK (outcome IS NULL OR (state = 'fired' AND outcome IN
        ('ran', 'filtered_out', 'interaction_closed', 'interaction_unknown', 'no_assignee', 'action_inactive', 'failed')))`);
    await queryRunner.query(`CREATE INDEX timer_interaction_ix ON timer (interaction_id)`);

    await queryRunner.query(`
      CREATE TABLE conversation_watch (
        interaction_id uuid NOT NULL,
        last_requester_at timestamptz,
        last_agent_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conversation_watch_pk PRIMARY KEY (interaction_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE conversation_watch`);
    await queryRunner.query(`DROP INDEX timer_interaction_ix`);
    await queryRunner.query(`ALTER TABLE timer DROP CONSTRAINT timer_outcome_ck`);
    await queryRunner.query(`DROP INDEX timer_retry_ix`);
    await queryRunner.query(`ALTER TABLE timer DROP COLUMN retry_at`);
    await queryRunner.query(`ALTER TABLE timer DROP COLUMN attempts`);
    await queryRunner.query(`ALTER TABLE timer DROP COLUMN outcome`);
    await queryRunner.query(`DROP TABLE messaging_action`);
  }
}
