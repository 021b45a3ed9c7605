import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models behind the Inbox, Ongoing and transcript views, projected from other services'
 * events. Events arrive in any order across subjects, so a row may be created by whichever
 * event comes first: columns only some events carry are nullable.
 */
export class ReadModels1764806400001 implements MigrationInterface {
  readonly name = 'ReadModels1764806400001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE offer_view (
        work_item_id uuid NOT NULL,
        interaction_id uuid NOT NULL,
        agent_id text NOT NULL,
        offered_at timestamptz,
        expires_at timestamptz,
        state text NOT NULL,
        offer_event_id uuid,
        CONSTRAINT offer_view_pk PRIMARY KEY (work_item_id),
        CONSTRAINT offer_view_state_ck CHECK (state IN ('pending', 'accepted'))
      )`);
    await runner.query(
      `CREATE INDEX offer_view_pending_agent_idx ON offer_view (agent_id, offered_at) WHERE state = 'pending'`,
    );
    await runner.query(`CREATE INDEX offer_view_interaction_idx ON offer_view (interaction_id)`);

    // *_event_id columns hold the uuid v7 id of the event that last set a field: ids sort by
    // creation time (even within a millisecond), so a late older event never overwrites a newer one.
    await runner.query(`
      CREATE TABLE conversation_view (
        interaction_id uuid NOT NULL,
        requester_address text,
        company_address text,
        requester_user_id text,
        identity_conflict boolean NOT NULL DEFAULT false,
        state text,
        state_event_id uuid,
        assignee_id text,
        assignee_event_id uuid,
        last_activity_at timestamptz,
        unread_count integer NOT NULL DEFAULT 0,
        first_message_body text,
        created_at timestamptz,
        CONSTRAINT conversation_view_pk PRIMARY KEY (interaction_id),
        CONSTRAINT conversation_view_unread_ck CHECK (unread_count >= 0),
        CONSTRAINT conversation_view_state_ck CHECK (state IN
          ('new', 'on_hold', 'work_in_progress', 'wrap_up', 'closed_complete', 'closed_abandoned'))
      )`);
    await runner.query(
      `CREATE INDEX conversation_view_assignee_activity_idx ON conversation_view (assignee_id, last_activity_at DESC)`,
    );

    // A delivery status may arrive before its message: such a row has only the id, the status
    // and perhaps the interaction, and stays out of transcripts until the message fills it.
    await runner.query(`
      CREATE TABLE message_view (
        message_id uuid NOT NULL,
        interaction_id uuid,
        direction text,
        author_kind text,
        author_id text,
        body text,
        occurred_at timestamptz,
        gateway_sequence bigint,
        delivery_status text,
        error_code text,
        CONSTRAINT message_view_pk PRIMARY KEY (message_id),
        CONSTRAINT message_view_direction_ck CHECK (direction IN ('inbound', 'outbound', 'internal')),
        CONSTRAINT message_view_author_kind_ck CHECK (author_kind IN ('requester', 'agent', 'virtual_agent', 'system')),
        CONSTRAINT message_view_delivery_status_ck CHECK (delivery_status IN
          ('queued', 'sent', 'delivered', 'undelivered', 'failed'))
      )`);
    await runner.query(
      `CREATE INDEX message_view_transcript_idx ON message_view (interaction_id, occurred_at, gateway_sequence, message_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE message_view`);
    await runner.query(`DROP TABLE conversation_view`);
    await runner.query(`DROP TABLE offer_view`);
  }
}
