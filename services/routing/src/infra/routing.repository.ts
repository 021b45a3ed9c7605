import type { EntityManager } from 'typeorm';
import type { AssignmentRule, Candidate } from '../domain/choose-agent';
import type { WorkItemState } from '../domain/accept-offer';

export interface WaitingItem {
  id: string;
  interactionId: string;
  size: number;
  rejectedBy: string[];
  preferredAgentId: string | null;
}

export interface LockedItem {
  id: string;
  interactionId: string;
  state: WorkItemState;
  agentId: string | null;
  offerExpiresAt: Date | null;
  queueId: string;
  priority: number;
  enqueuedAt: Date;
}

interface RawLockedItem {
  id: string;
  interaction_id: string;
  state: WorkItemState;
  agent_id: string | null;
  offer_expires_at: Date | null;
  queue_id: string;
  priority: number;
  enqueued_at: Date;
}

const LOCKED_ITEM_COLUMNS =
  'id, interaction_id, state, agent_id, offer_expires_at, queue_id, priority, enqueued_at';

function toLockedItem(row: RawLockedItem): LockedItem {
  return {
    id: row.id,
    interactionId: row.interaction_id,
    state: row.state,
    agentId: row.agent_id,
    offerExpiresAt: row.offer_expires_at,
    queueId: row.queue_id,
    priority: row.priority,
    enqueuedAt: row.enqueued_at,
  };
}

/** SQL over the routing schema; every method runs in the caller's transaction. */
export class RoutingRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Serialises dispatching across every routing replica for the rest of the transaction, so
   * an agent's load read below cannot be outdated by another replica's offer (DESIGN: no
   * over-assignment). One lock for all queues, because an agent may sit in several.
   */
  async lockDispatch(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('routing.dispatch', 0))`);
  }

  /** Opens a work item unless the interaction already has an open one; true when opened. */
  async enqueue(item: {
    id: string;
    interactionId: string;
    queueId: string;
    channel: string;
    priority: number;
    /** SPEC A1: already the agent's; recorded as assigned to them, never offered. */
    assignedTo?: string;
    /** SPEC R4: offered first to this agent when they have room. */
    preferredAgentId?: string;
    /** The interaction event the item already reflects (SPEC R4: the reopen). */
    stateEventId?: string;
  }): Promise<{ enqueuedAt: Date } | null> {
    const [inserted] = await this.manager.query<Array<{ enqueued_at: Date }>>(
      `INSERT INTO work_item (id, interaction_id, queue_id, channel, priority, state, agent_id, assigned_at,
                              preferred_agent_id, state_event_id)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NULL THEN 'queued' ELSE 'assigned' END, $6,
               CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, $7, $8)
       ON CONFLICT (interaction_id) WHERE state <> 'closed' DO NOTHING
       RETURNING enqueued_at`,
      [
        item.id,
        item.interactionId,
        item.queueId,
        item.channel,
        item.priority,
        item.assignedTo ?? null,
        item.preferredAgentId ?? null,
        item.stateEventId ?? null,
      ],
    );
    return inserted ? { enqueuedAt: inserted.enqueued_at } : null;
  }

  async activeQueues(): Promise<Array<{ id: string; name: string; rule: AssignmentRule }>> {
    const rows = await this.manager.query<
      Array<{ id: string; name: string; assignment_rule: AssignmentRule }>
    >(`SELECT id, name, assignment_rule FROM queue WHERE active ORDER BY position, id`);
    return rows.map((row) => ({ id: row.id, name: row.name, rule: row.assignment_rule }));
  }

  /** The interaction's open work item, locked; null when it has none. */
  async lockOpenItemOf(
    interactionId: string,
  ): Promise<{ id: string; agentId: string | null; stateEventId: string | null } | null> {
    const [row] = await this.manager.query<
      Array<{ id: string; agent_id: string | null; state_event_id: string | null }>
    >(
      `SELECT id, agent_id, state_event_id FROM work_item
        WHERE interaction_id = $1 AND state <> 'closed' FOR UPDATE`,
      [interactionId],
    );
    return row ? { id: row.id, agentId: row.agent_id, stateEventId: row.state_event_id } : null;
  }

  async closeItem(itemId: string, stateEventId: string): Promise<void> {
    await this.manager.query(
      `UPDATE work_item
          SET state = 'closed', agent_id = NULL, held = false, offer_expires_at = NULL, closed_at = now(),
              state_event_id = $2
        WHERE id = $1`,
      [itemId, stateEventId],
    );
  }

  async setHeld(itemId: string, held: boolean, stateEventId: string): Promise<void> {
    await this.manager.query(`UPDATE work_item SET held = $2, state_event_id = $3 WHERE id = $1`, [
      itemId,
      held,
      stateEventId,
    ]);
  }

  /** Remembers the latest close of an interaction (see closedSinceEnqueued). */
  async recordClosure(interactionId: string, eventId: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO interaction_closure (interaction_id, closed_event_id) VALUES ($1, $2)
       ON CONFLICT (interaction_id) DO UPDATE SET closed_event_id = EXCLUDED.closed_event_id
        WHERE interaction_closure.closed_event_id < EXCLUDED.closed_event_id`,
      [interactionId, eventId],
    );
  }

  async closedEventOf(interactionId: string): Promise<string | null> {
    const [row] = await this.manager.query<Array<{ closed_event_id: string }>>(
      `SELECT closed_event_id FROM interaction_closure WHERE interaction_id = $1`,
      [interactionId],
    );
    return row?.closed_event_id ?? null;
  }

  /** SPEC W8: by priority, then oldest first. */
  async waiting(queueId: string, limit: number): Promise<WaitingItem[]> {
    const rows = await this.manager.query<
      Array<{
        id: string;
        interaction_id: string;
        size: number;
        rejected_by: string[];
        preferred_agent_id: string | null;
      }>
    >(
      `SELECT id, interaction_id, size, rejected_by, preferred_agent_id FROM work_item
        WHERE queue_id = $1 AND state = 'queued'
        ORDER BY priority DESC, enqueued_at, id
        LIMIT $2`,
      [queueId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      interactionId: row.interaction_id,
      size: row.size,
      rejectedBy: row.rejected_by,
      preferredAgentId: row.preferred_agent_id,
    }));
  }

  /** SPEC W4: the queue's available members with their capacity and current load. */
  async candidates(queueId: string): Promise<Candidate[]> {
    const rows = await this.manager.query<
      Array<{ id: string; capacity: number; load: number; last_assigned_at: Date | null }>
    >(
      `SELECT a.id, a.capacity, a.last_assigned_at,
              COALESCE((SELECT sum(w.size) FROM work_item w
                         WHERE w.agent_id = a.id AND w.state IN ('offered', 'assigned') AND NOT w.held), 0)::int AS load
         FROM agent a JOIN queue_member m ON m.agent_id = a.id
        WHERE m.queue_id = $1 AND a.presence = 'available'`,
      [queueId],
    );
    return rows.map((row) => ({
      agentId: row.id,
      capacity: row.capacity,
      load: row.load,
      lastAssignedAt: row.last_assigned_at,
    }));
  }

  async offer(itemId: string, agentId: string, expiresAt: Date): Promise<void> {
    await this.manager.query(
      `UPDATE work_item SET state = 'offered', agent_id = $2, offer_expires_at = $3, offer_count = offer_count + 1
        WHERE id = $1`,
      [itemId, agentId, expiresAt],
    );
  }

  async lockItem(itemId: string): Promise<LockedItem | null> {
    const [row] = await this.manager.query<RawLockedItem[]>(
      `SELECT ${LOCKED_ITEM_COLUMNS} FROM work_item WHERE id = $1 FOR UPDATE`,
      [itemId],
    );
    return row ? toLockedItem(row) : null;
  }

  /**
   * SPEC W6: offers past their deadline, locked; rows another routing replica is taking back
   * right now are skipped, so each expiry is handled once.
   */
  async lockExpiredOffers(limit: number): Promise<LockedItem[]> {
    const rows = await this.manager.query<RawLockedItem[]>(
      `SELECT ${LOCKED_ITEM_COLUMNS} FROM work_item
        WHERE state = 'offered' AND offer_expires_at <= now()
        ORDER BY offer_expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map(toLockedItem);
  }

  /** SPEC W9: the items offered to an agent (not yet accepted), locked. */
  async lockOfferedTo(agentId: string): Promise<LockedItem[]> {
    const rows = await this.manager.query<RawLockedItem[]>(
      `SELECT ${LOCKED_ITEM_COLUMNS} FROM work_item WHERE agent_id = $1 AND state = 'offered' FOR UPDATE`,
      [agentId],
    );
    return rows.map(toLockedItem);
  }

  /**
   * SPEC W6, W8: an offer rejected or timed out; the item waits again with its original age, and
   * an agent who rejected it is not offered it again.
   */
  async returnToQueue(itemId: string, rejectedBy: string | null): Promise<void> {
    await this.manager.query(
      `UPDATE work_item
          SET state = 'queued', agent_id = NULL, offer_expires_at = NULL,
              rejected_by = CASE WHEN $2::text IS NULL THEN rejected_by ELSE array_append(rejected_by, $2) END
        WHERE id = $1`,
      [itemId, rejectedBy],
    );
  }

  /** SPEC W6: an agent whose offer timed out moves to the configured presence. */
  async movePresence(agentId: string, presence: string): Promise<void> {
    await this.manager.query(`UPDATE agent SET presence = $2, updated_at = now() WHERE id = $1`, [
      agentId,
      presence,
    ]);
  }

  async queueName(queueId: string): Promise<string> {
    const [row] = await this.manager.query<Array<{ name: string }>>(`SELECT name FROM queue WHERE id = $1`, [
      queueId,
    ]);
    return row?.name ?? 'unknown';
  }

  async assign(itemId: string, agentId: string): Promise<void> {
    await this.manager.query(
      `UPDATE work_item SET state = 'assigned', assigned_at = now(), offer_expires_at = NULL WHERE id = $1`,
      [itemId],
    );
    await this.manager.query(`UPDATE agent SET last_assigned_at = now() WHERE id = $1`, [agentId]);
  }

  /** Creates the agent on first contact, with the channel's default capacity (SPEC W1); returns its capacity. */
  async setPresence(agentId: string, presence: string, defaultCapacity: number): Promise<number> {
    const [row] = await this.manager.query<Array<{ capacity: number }>>(
      `INSERT INTO agent (id, presence, capacity) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET presence = EXCLUDED.presence, updated_at = now()
       RETURNING capacity`,
      [agentId, presence, defaultCapacity],
    );
    return row!.capacity;
  }

  /** Sum of the sizes of the items offered to or assigned to the agent and not on hold (SPEC W4). */
  async load(agentId: string): Promise<number> {
    const [row] = await this.manager.query<Array<{ load: number }>>(
      `SELECT COALESCE(sum(size), 0)::int AS load FROM work_item
        WHERE agent_id = $1 AND state IN ('offered', 'assigned') AND NOT held`,
      [agentId],
    );
    return row!.load;
  }

  async joinQueue(queueId: string, agentId: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO queue_member (queue_id, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [queueId, agentId],
    );
  }
}
