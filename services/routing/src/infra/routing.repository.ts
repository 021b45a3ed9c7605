import type { EntityManager } from 'typeorm';
import type { WorkItemState } from '../domain/accept-offer';
import type { AgentLoad } from '../domain/capacity';

export interface WaitingItem {
  id: string;
  interactionId: string;
  queueId: string;
  priority: number;
  enqueuedAt: Date;
  size: number;
  rejectedBy: string[];
  preferredAgentId: string | null;
  /** SPEC W10: transferred to this agent by name; offered to nobody else. */
  reservedFor: string | null;
}

/** An agent who may be offered work on a channel, with what bounds it (SPEC W1, W4). */
export interface CandidateRow extends AgentLoad {
  agentId: string;
  lastAssignedAt: Date | null;
}

const CANDIDATE_COLUMNS = `a.id, a.universal_capacity, a.last_assigned_at, cc.capacity AS own_channel_capacity,
  COALESCE(l.channel_load, 0)::int AS channel_load, COALESCE(l.total_load, 0)::int AS total_load`;

/** Joins that give each agent row `a` its capacity on channel $CHANNEL and its current loads. */
const CANDIDATE_JOINS = (channelParam: string) => `
  JOIN presence_state p ON p.name = a.presence
  LEFT JOIN agent_channel_capacity cc ON cc.agent_id = a.id AND cc.channel = ${channelParam}
  LEFT JOIN LATERAL (
    SELECT sum(w.size) FILTER (WHERE w.channel = ${channelParam}) AS channel_load, sum(w.size) AS total_load
      FROM work_item w
     WHERE w.agent_id = a.id AND w.state IN ('offered', 'assigned') AND NOT w.held
  ) l ON true`;

const RECEIVES_WORK = (channelParam: string) =>
  `p.receives_work AND (p.channels IS NULL OR ${channelParam} = ANY (p.channels))`;

interface RawCandidate {
  id: string;
  universal_capacity: number | null;
  last_assigned_at: Date | null;
  own_channel_capacity: number | null;
  channel_load: number;
  total_load: number;
}

function toCandidateRow(row: RawCandidate, channelDefaultCapacity: number): CandidateRow {
  return {
    agentId: row.id,
    lastAssignedAt: row.last_assigned_at,
    ownChannelCapacity: row.own_channel_capacity,
    channelDefaultCapacity,
    universalCapacity: row.universal_capacity,
    channelLoad: row.channel_load,
    totalLoad: row.total_load,
  };
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

/** The first key of the interaction locks (advisory, two int keys): 'rout' in ASCII. */
const INTERACTION_LOCK_SPACE = 0x726f7574;

/** What TypeORM answers an UPDATE or DELETE with: the rows it returned, and how many it changed. */
export type UpdateResult<Row> = [Row[], number];

/** SQL over the routing schema; every method runs in the caller's transaction. */
export class RoutingRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Serialises the transactions that open an interaction's work item or follow its state (enqueue,
   * state change), on every replica. Without it an enqueue and a close handled at the same time each
   * miss the other's uncommitted row (the enqueue reads no closure, the close finds no open item)
   * and the item of an ended conversation stays open for good. Taken before any row lock; those
   * transactions then wait only for their own interaction's item, so it joins no deadlock.
   */
  async lockInteraction(interactionId: string): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [
      INTERACTION_LOCK_SPACE,
      interactionId,
    ]);
  }

  /** Opens a work item unless the interaction already has an open one; true when opened. */
  async enqueue(item: {
    id: string;
    interactionId: string;
    queueId: string;
    channel: string;
    priority: number;
    size: number;
    /** SPEC A1: already the agent's; recorded as assigned to them, never offered. */
    assignedTo?: string;
    /** SPEC R4: offered first to this agent when they have room. */
    preferredAgentId?: string;
    /** The interaction event the item already reflects (SPEC R4: the reopen). */
    stateEventId?: string;
  }): Promise<{ enqueuedAt: Date } | null> {
    const [inserted] = await this.manager.query<Array<{ enqueued_at: Date }>>(
      `INSERT INTO work_item (id, interaction_id, queue_id, channel, priority, state, agent_id, assigned_at,
                              preferred_agent_id, state_event_id, size)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NULL THEN 'queued' ELSE 'assigned' END, $6,
               CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, $7, $8, $9)
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
        item.size,
      ],
    );
    return inserted ? { enqueuedAt: inserted.enqueued_at } : null;
  }

  /** The interaction's open work item, locked; null when it has none. */
  async lockOpenItemOf(
    interactionId: string,
  ): Promise<{ id: string; agentId: string | null; queueId: string; stateEventId: string | null } | null> {
    const [row] = await this.manager.query<
      Array<{ id: string; agent_id: string | null; queue_id: string; state_event_id: string | null }>
    >(
      `SELECT id, agent_id, queue_id, state_event_id FROM work_item
        WHERE interaction_id = $1 AND state <> 'closed' FOR UPDATE`,
      [interactionId],
    );
    return row
      ? { id: row.id, agentId: row.agent_id, queueId: row.queue_id, stateEventId: row.state_event_id }
      : null;
  }

  /**
   * SPEC M4: the interaction's latest work item, unlocked: its open one, else the one enqueued
   * last; null when it never had one. `agentId` is who holds it (an item offered to someone is
   * not theirs yet, and a closed one is nobody's).
   */
  async latestItemOf(interactionId: string): Promise<{
    id: string;
    queueId: string;
    queueName: string;
    agentId: string | null;
    open: boolean;
  } | null> {
    const [row] = await this.manager.query<
      Array<{ id: string; queue_id: string; queue_name: string; agent_id: string | null; open: boolean }>
    >(
      `SELECT w.id, w.queue_id, q.name AS queue_name, w.state <> 'closed' AS open,
              CASE WHEN w.state = 'assigned' THEN w.agent_id END AS agent_id
         FROM work_item w JOIN queue q ON q.id = w.queue_id
        WHERE w.interaction_id = $1
        ORDER BY w.state <> 'closed' DESC, w.enqueued_at DESC, w.id DESC
        LIMIT 1`,
      [interactionId],
    );
    return row
      ? {
          id: row.id,
          queueId: row.queue_id,
          queueName: row.queue_name,
          agentId: row.agent_id,
          open: row.open,
        }
      : null;
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

  /**
   * SPEC W8: a queue's waiting items by priority, then oldest first, locked; items another
   * replica is dispatching right now are skipped (it never waits, so it is in no deadlock).
   */
  async lockWaiting(
    queueId: string,
    limit: number,
    /** Only items transferred to a named agent (SPEC W10): nobody in the queue has room for the rest. */
    reservedOnly = false,
  ): Promise<WaitingItem[]> {
    const rows = await this.manager.query<
      Array<{
        id: string;
        interaction_id: string;
        queue_id: string;
        priority: number;
        enqueued_at: Date;
        size: number;
        rejected_by: string[];
        preferred_agent_id: string | null;
        reserved_for: string | null;
      }>
    >(
      `SELECT id, interaction_id, queue_id, priority, enqueued_at, size, rejected_by, preferred_agent_id, reserved_for
         FROM work_item
        WHERE queue_id = $1 AND state = 'queued' AND ($3::boolean IS FALSE OR reserved_for IS NOT NULL)
        ORDER BY priority DESC, enqueued_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [queueId, limit, reservedOnly],
    );
    return rows.map((row) => ({
      id: row.id,
      interactionId: row.interaction_id,
      queueId: row.queue_id,
      priority: row.priority,
      enqueuedAt: row.enqueued_at,
      size: row.size,
      rejectedBy: row.rejected_by,
      preferredAgentId: row.preferred_agent_id,
      reservedFor: row.reserved_for,
    }));
  }

  /** SPEC W3, W4: the queue's members whose presence receives work on the channel, unlocked. */
  async candidates(
    queueId: string,
    channel: string,
    channelDefaultCapacity: number,
  ): Promise<CandidateRow[]> {
    const rows = await this.manager.query<RawCandidate[]>(
      `SELECT ${CANDIDATE_COLUMNS}
         FROM queue_member m JOIN agent a ON a.id = m.agent_id ${CANDIDATE_JOINS('$2')}
        WHERE m.queue_id = $1 AND ${RECEIVES_WORK('$2')}`,
      [queueId, channel],
    );
    return rows.map((row) => toCandidateRow(row, channelDefaultCapacity));
  }

  /**
   * One agent's capacity and loads on a channel, unlocked, whatever their queues (SPEC W10: a
   * named agent); null when they do not exist or, unless `whateverPresence`, receive no work.
   */
  async candidate(
    agentId: string,
    channel: string,
    channelDefaultCapacity: number,
    whateverPresence = false,
  ): Promise<CandidateRow | null> {
    const [row] = await this.manager.query<RawCandidate[]>(
      `SELECT ${CANDIDATE_COLUMNS} FROM agent a ${CANDIDATE_JOINS('$2')}
        WHERE a.id = $1 AND ($3::boolean OR ${RECEIVES_WORK('$2')})`,
      [agentId, channel, whateverPresence],
    );
    return row ? toCandidateRow(row, channelDefaultCapacity) : null;
  }

  /**
   * Locks the agent's row for the rest of the transaction if they still receive work on the
   * channel, without waiting (null when another transaction holds it or they stopped), then
   * reads their load afresh. Every transaction that adds to an agent's load holds this lock, so
   * the load read after it is exact until commit (SPEC W4 on several replicas).
   */
  async lockAgentForWork(
    agentId: string,
    channel: string,
    channelDefaultCapacity: number,
  ): Promise<CandidateRow | null> {
    const locked = await this.lockAgentsForWork([agentId], channel, channelDefaultCapacity);
    return locked.get(agentId) ?? null;
  }

  /**
   * {@link lockAgentForWork} for several agents in two statements, whatever their number: those
   * who still receive work on the channel and whom no other transaction holds are locked (the
   * others are skipped, not waited for), then the loads of those locked are read afresh.
   */
  async lockAgentsForWork(
    agentIds: readonly string[],
    channel: string,
    channelDefaultCapacity: number,
  ): Promise<Map<string, CandidateRow>> {
    if (agentIds.length === 0) return new Map();
    const locked = await this.manager.query<Array<{ id: string }>>(
      `SELECT a.id FROM agent a JOIN presence_state p ON p.name = a.presence
        WHERE a.id = ANY ($1::text[]) AND ${RECEIVES_WORK('$2')}
        FOR UPDATE OF a SKIP LOCKED`,
      [agentIds, channel],
    );
    if (locked.length === 0) return new Map();
    // A new statement: it sees every load change committed before the locks were ours.
    const rows = await this.manager.query<RawCandidate[]>(
      `SELECT ${CANDIDATE_COLUMNS} FROM agent a ${CANDIDATE_JOINS('$2')} WHERE a.id = ANY ($1::text[])`,
      [locked.map((row) => row.id), channel],
    );
    return new Map(rows.map((row) => [row.id, toCandidateRow(row, channelDefaultCapacity)]));
  }

  /** Locks an agent's row, waiting for it: what answers for one agent (accept, reject, presence). */
  async lockAgent(agentId: string): Promise<{ presence: string } | null> {
    const [row] = await this.manager.query<Array<{ presence: string }>>(
      `SELECT presence FROM agent WHERE id = $1 FOR UPDATE`,
      [agentId],
    );
    return row ?? null;
  }

  /** Offers each item to its agent, in one statement. The caller holds the items' and agents' locks. */
  async offerAll(offers: ReadonlyArray<{ itemId: string; agentId: string; expiresAt: Date }>): Promise<void> {
    await this.manager.query(
      `UPDATE work_item w
          SET state = 'offered', agent_id = o.agent_id, offer_expires_at = o.expires_at, offered_at = now(),
              offer_count = w.offer_count + 1
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS o (id, agent_id, expires_at)
        WHERE w.id = o.id`,
      [
        offers.map((offer) => offer.itemId),
        offers.map((offer) => offer.agentId),
        offers.map((offer) => offer.expiresAt.toISOString()),
      ],
    );
  }

  async lockItem(itemId: string): Promise<LockedItem | null> {
    const [row] = await this.manager.query<RawLockedItem[]>(
      `SELECT ${LOCKED_ITEM_COLUMNS} FROM work_item WHERE id = $1 FOR UPDATE`,
      [itemId],
    );
    return row ? toLockedItem(row) : null;
  }

  /** SPEC W6: offers past their deadline (unlocked: each is then taken back in its own transaction). */
  async expiredOffers(limit: number): Promise<Array<{ id: string; agentId: string }>> {
    const rows = await this.manager.query<Array<{ id: string; agent_id: string }>>(
      `SELECT id, agent_id FROM work_item
        WHERE state = 'offered' AND offer_expires_at <= now()
        ORDER BY offer_expires_at
        LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, agentId: row.agent_id }));
  }

  /** The item locked unless another replica holds it (then null: that replica handles it). */
  async tryLockItem(itemId: string): Promise<LockedItem | null> {
    const [row] = await this.manager.query<RawLockedItem[]>(
      `SELECT ${LOCKED_ITEM_COLUMNS} FROM work_item WHERE id = $1 FOR UPDATE SKIP LOCKED`,
      [itemId],
    );
    return row ? toLockedItem(row) : null;
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
   * SPEC W6, W8, W9: an offer rejected or timed out, or work taken from an agent who became
   * unavailable; the item waits again with its original age, and an agent who rejected it is not
   * offered it again. Whatever hold it was on was the previous agent's: offered to the next one,
   * it counts (W4).
   */
  async returnToQueue(itemId: string, rejectedBy: string | null): Promise<void> {
    await this.manager.query(
      `UPDATE work_item
          SET state = 'queued', agent_id = NULL, held = false, offer_expires_at = NULL, offered_at = NULL,
              rejected_by = CASE WHEN $2::text IS NULL THEN rejected_by ELSE array_append(rejected_by, $2) END,
              -- SPEC W10: a named agent who turned the transfer down (or let it lapse) frees it for the queue.
              reserved_for = NULL
        WHERE id = $1`,
      [itemId, rejectedBy],
    );
  }

  /**
   * SPEC W10: a transferred item waits again in `queueId` (the same queue, for a transfer to an
   * agent), reserved for `reservedFor` when named, with nothing of its last life kept but its age
   * (W8) and priority: not its agent, offer, hold, preference or the agents who rejected it, only
   * `excluded` (who transferred it). `stateEventId` is the transfer's state change. Answers the item.
   */
  async transferItem(
    itemId: string,
    target: {
      queueId: string;
      reservedFor: string | null;
      excluded: readonly string[];
      stateEventId: string;
    },
  ): Promise<LockedItem> {
    // In a WITH: TypeORM answers a bare UPDATE with [rows, count], a SELECT with its rows.
    const [row] = await this.manager.query<RawLockedItem[]>(
      `WITH moved AS (
         UPDATE work_item
            SET state = 'queued', queue_id = $2, agent_id = NULL, held = false, offer_expires_at = NULL,
                offered_at = NULL, preferred_agent_id = NULL, reserved_for = $3, rejected_by = $4::text[],
                state_event_id = $5
          WHERE id = $1
          RETURNING ${LOCKED_ITEM_COLUMNS})
       SELECT * FROM moved`,
      [itemId, target.queueId, target.reservedFor, target.excluded, target.stateEventId],
    );
    return toLockedItem(row!);
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

  /** SPEC W6 accept, W7 auto-assign: the item is the agent's. The caller holds the agent's lock. */
  async assign(itemId: string, agentId: string): Promise<void> {
    await this.manager.query(
      `UPDATE work_item
          SET state = 'assigned', agent_id = $2, assigned_at = now(), offer_expires_at = NULL, reserved_for = NULL
        WHERE id = $1`,
      [itemId, agentId],
    );
    await this.manager.query(`UPDATE agent SET last_assigned_at = now() WHERE id = $1`, [agentId]);
  }

  /** SPEC W7: {@link assign} for several items, in one statement. */
  async assignAll(assignments: ReadonlyArray<{ itemId: string; agentId: string }>): Promise<void> {
    await this.manager.query(
      `WITH assigned AS (
         UPDATE work_item w
            SET state = 'assigned', agent_id = a.agent_id, assigned_at = now(), offer_expires_at = NULL,
                reserved_for = NULL
           FROM unnest($1::uuid[], $2::text[]) AS a (id, agent_id)
          WHERE w.id = a.id
         RETURNING w.agent_id
       )
       UPDATE agent SET last_assigned_at = now() WHERE id IN (SELECT agent_id FROM assigned)`,
      [
        assignments.map((assignment) => assignment.itemId),
        assignments.map((assignment) => assignment.agentId),
      ],
    );
  }

  /**
   * Creates the agent, offline, the first time routing hears of them (their presence, or an
   * admin setting their capacity or naming them a queue member); true when it did. A new agent serves the fallback queue until
   * an admin puts them in others.
   */
  async meetAgent(agentId: string): Promise<boolean> {
    return (await this.meetAgents([agentId])).length > 0;
  }

  /** {@link meetAgent} for several agents at once; answers those met for the first time. */
  async meetAgents(agentIds: readonly string[]): Promise<string[]> {
    const created = await this.manager.query<Array<{ id: string }>>(
      `INSERT INTO agent (id, presence) SELECT unnest($1::text[]), 'offline' ON CONFLICT (id) DO NOTHING RETURNING id`,
      [agentIds],
    );
    if (created.length === 0) return [];
    const ids = created.map((row) => row.id);
    await this.manager.query(
      `INSERT INTO queue_member (queue_id, agent_id) SELECT q.id, a.id FROM queue q, unnest($1::text[]) AS a (id)
        WHERE q.fallback ON CONFLICT DO NOTHING`,
      [ids],
    );
    return ids;
  }

  /**
   * Creates the agent on first contact (meetAgent), then locks their row for the rest of the
   * transaction and sets the presence; null when no such presence state exists. A presence set is
   * also a sign of life.
   */
  async setPresence(agentId: string, presence: string): Promise<{ previous: string } | null> {
    await this.meetAgent(agentId);
    const before = await this.lockAgent(agentId);
    // TypeORM answers an UPDATE with [returned rows, affected count], not with the rows alone.
    const [changed] = await this.manager.query<UpdateResult<{ id: string }>>(
      `UPDATE agent SET presence = $2, updated_at = now(), last_seen_at = now()
        WHERE id = $1 AND EXISTS (SELECT 1 FROM presence_state WHERE name = $2)
        RETURNING id`,
      [agentId, presence],
    );
    return changed.length > 0 && before ? { previous: before.presence } : null;
  }

  /**
   * SPEC W3: these agents are present. Rows another transaction holds are skipped rather than
   * waited for (the next heartbeat refreshes them), so heartbeats never take part in a deadlock.
   */
  async recordHeartbeat(agentIds: readonly string[]): Promise<number> {
    const [seen] = await this.manager.query<UpdateResult<{ id: string }>>(
      `UPDATE agent SET last_seen_at = now()
        WHERE id IN (SELECT id FROM agent WHERE id = ANY ($1::text[]) FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [agentIds],
    );
    return seen.length;
  }

  /** SPEC W3: agents in a state other than offline who have given no sign of life since `before`. */
  async silentAgents(before: Date, limit: number): Promise<string[]> {
    const rows = await this.manager.query<Array<{ id: string }>>(
      `SELECT id FROM agent
        WHERE presence <> 'offline' AND GREATEST(last_seen_at, updated_at) < $1
        ORDER BY id LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Whether the agent (locked by the caller) is still silent since `before`. */
  async isSilentSince(agentId: string, before: Date): Promise<boolean> {
    const [row] = await this.manager.query<Array<{ silent: boolean }>>(
      `SELECT presence <> 'offline' AND GREATEST(last_seen_at, updated_at) < $2 AS silent FROM agent WHERE id = $1`,
      [agentId, before],
    );
    return row?.silent ?? false;
  }

  /** SPEC W9: items an agent holds, when reassignment on unavailability is enabled. */
  async lockAssignedTo(agentId: string): Promise<LockedItem[]> {
    const rows = await this.manager.query<RawLockedItem[]>(
      `SELECT ${LOCKED_ITEM_COLUMNS} FROM work_item WHERE agent_id = $1 AND state = 'assigned' FOR UPDATE`,
      [agentId],
    );
    return rows.map(toLockedItem);
  }

  /** Per queue: items waiting and the age of the oldest (metrics). */
  async backlog(): Promise<Array<{ queue: string; waiting: number; oldestWaitingSeconds: number }>> {
    const rows = await this.manager.query<Array<{ name: string; waiting: number; oldest: number | null }>>(
      `SELECT q.name, count(w.id)::int AS waiting,
              EXTRACT(EPOCH FROM now() - min(w.enqueued_at))::float8 AS oldest
         FROM queue q LEFT JOIN work_item w ON w.queue_id = q.id AND w.state = 'queued'
        GROUP BY q.name`,
    );
    return rows.map((row) => ({
      queue: row.name,
      waiting: row.waiting,
      oldestWaitingSeconds: row.oldest ?? 0,
    }));
  }

  /** Whether anything waits in any queue (the periodic pass skips the work when nothing does). */
  async anythingWaiting(): Promise<boolean> {
    const [row] = await this.manager.query<Array<{ waiting: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM work_item WHERE state = 'queued') AS waiting`,
    );
    return row?.waiting ?? false;
  }
}
