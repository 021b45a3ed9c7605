import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What managers see (SPEC I5) and what keeps closed conversations findable (SPEC I4): the queue
 * state of the work item (routing.workitem.queued / offer.created / workitem.assigned /
 * workitem.closed), how the conversation ended (state-changed to a final state, with cause and
 * actor), who took part in it, and since when the requester waits for a reply.
 *
 * Rows projected before this migration get their participants and their wait from what is
 * stored (the assignee, agent-written messages); their queue state and end stay unknown (null):
 * those events were consumed before these columns existed.
 */
export class ConversationSupervision1765324800000 implements MigrationInterface {
  readonly name = 'ConversationSupervision1765324800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE conversation_view
        ADD COLUMN work_item_id uuid,
        ADD COLUMN queue_state text,
        ADD COLUMN queue_state_event_id uuid,
        ADD COLUMN queue_id uuid,
        ADD COLUMN queue_name text,
        ADD COLUMN queue_priority integer,
        ADD COLUMN queued_at timestamptz,
        ADD COLUMN enqueued_at timestamptz,
        ADD COLUMN queue_event_id uuid,
        ADD COLUMN offered_agent_id text,
        ADD COLUMN offered_at timestamptz,
        ADD COLUMN offered_event_id uuid,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN closed_cause text,
        ADD COLUMN closed_by_kind text,
        ADD COLUMN closed_by_id text,
        ADD COLUMN closure_event_id uuid,
        ADD COLUMN participant_ids text[] NOT NULL DEFAULT '{}',
        ADD COLUMN awaiting_reply_since timestamptz,
        ADD CONSTRAINT conversation_view_queue_state_ck CHECK (queue_state IN
          ('queued', 'offered', 'assigned', 'closed')),
        ADD CONSTRAINT conversation_view_closed_by_kind_ck CHECK (closed_by_kind IN
          ('requester', 'agent', 'virtual_agent', 'system'))`);

    await runner.query(`
      UPDATE conversation_view c SET
        participant_ids = ARRAY(
          SELECT DISTINCT p.agent_id FROM (
            SELECT c.assignee_id AS agent_id
            UNION ALL
            SELECT m.author_id FROM message_view m
             WHERE m.interaction_id = c.interaction_id AND m.author_kind = 'agent'
          ) p
          WHERE p.agent_id IS NOT NULL
          ORDER BY p.agent_id),
        awaiting_reply_since = (
          SELECT min(m.occurred_at) FROM message_view m
           WHERE m.interaction_id = c.interaction_id AND m.direction = 'inbound'
             AND m.occurred_at > coalesce((
               SELECT max(r.occurred_at) FROM message_view r
                WHERE r.interaction_id = c.interaction_id AND r.direction = 'outbound'
                  AND r.author_kind IN ('agent', 'virtual_agent')), '-infinity'))`);

    // SPEC I4: an agent's search and who may read a closed conversation.
    await runner.query(
      `CREATE INDEX conversation_view_participants_idx ON conversation_view USING gin (participant_ids)`,
    );
    // SPEC I5: the few rows of the manager's lists, out of every conversation ever held. The
    // queries repeat these predicates word for word, so the planner can prove they apply.
    await runner.query(
      `CREATE INDEX conversation_view_waiting_idx ON conversation_view (company_address)
        WHERE queue_state IN ('queued', 'offered')`,
    );
    await runner.query(
      `CREATE INDEX conversation_view_ongoing_idx ON conversation_view (assignee_id)
        WHERE assignee_id IS NOT NULL AND (state IS NULL OR state NOT IN ('closed_complete', 'closed_abandoned'))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX conversation_view_ongoing_idx`);
    await runner.query(`DROP INDEX conversation_view_waiting_idx`);
    await runner.query(`DROP INDEX conversation_view_participants_idx`);
    await runner.query(`
      ALTER TABLE conversation_view
        DROP CONSTRAINT conversation_view_closed_by_kind_ck,
        DROP CONSTRAINT conversation_view_queue_state_ck,
        DROP COLUMN awaiting_reply_since,
        DROP COLUMN participant_ids,
        DROP COLUMN closure_event_id,
        DROP COLUMN closed_by_id,
        DROP COLUMN closed_by_kind,
        DROP COLUMN closed_cause,
        DROP COLUMN closed_at,
        DROP COLUMN offered_event_id,
        DROP COLUMN offered_at,
        DROP COLUMN offered_agent_id,
        DROP COLUMN queue_event_id,
        DROP COLUMN enqueued_at,
        DROP COLUMN queued_at,
        DROP COLUMN queue_priority,
        DROP COLUMN queue_name,
        DROP COLUMN queue_id,
        DROP COLUMN queue_state_event_id,
        DROP COLUMN queue_state,
        DROP COLUMN work_item_id`);
  }
}
