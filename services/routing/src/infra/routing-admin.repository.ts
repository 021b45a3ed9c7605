import type { EntityManager } from 'typeorm';
import type { PresenceState } from '../domain/presence';
import type { RoutingQueue } from '../domain/select-queue';
import { RoutingRepository, type UpdateResult } from './routing.repository';
import { QUEUE_COLUMNS, toRoutingQueue } from './routing-settings.repository';

export interface StoredQueue extends RoutingQueue {
  members: string[];
  updatedAt: Date;
}

export interface QueueWrite {
  id: string;
  name: string;
  position: number;
  active: boolean;
  condition: unknown;
  schedule: unknown;
  rule: string;
  autoAssign: boolean;
  offerTimeoutSeconds: number | null;
  offerTimeoutPresence: string | null;
}

/** SQL for routing's admin API: queues with members, presence states, channels, capacities. */
export class RoutingAdminRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Serialises admin changes to the queue order (positions are renumbered as a whole). */
  async lockQueueOrder(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('routing.queue-order', 0))`);
  }

  async queues(): Promise<StoredQueue[]> {
    const rows = await this.manager.query<Array<Record<string, unknown>>>(
      `SELECT ${QUEUE_COLUMNS}, updated_at,
              COALESCE((SELECT array_agg(m.agent_id ORDER BY m.agent_id) FROM queue_member m WHERE m.queue_id = queue.id), '{}') AS members
         FROM queue ORDER BY position, id`,
    );
    return rows.map((row) => ({
      ...toRoutingQueue(row as never),
      members: row.members as string[],
      updatedAt: row.updated_at as Date,
    }));
  }

  async queue(id: string): Promise<StoredQueue | null> {
    return (await this.queues()).find((queue) => queue.id === id) ?? null;
  }

  async nameTaken(name: string, exceptId: string): Promise<boolean> {
    const [row] = await this.manager.query<Array<{ taken: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM queue WHERE lower(name) = lower($1) AND id <> $2) AS taken`,
      [name, exceptId],
    );
    return row?.taken ?? false;
  }

  async insertQueue(queue: QueueWrite): Promise<void> {
    await this.manager.query(
      `INSERT INTO queue (id, name, position, active, condition, schedule, assignment_rule, auto_assign,
                          offer_timeout_seconds, offer_timeout_presence)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10)`,
      queueParams(queue),
    );
  }

  async updateQueue(queue: QueueWrite): Promise<void> {
    await this.manager.query(
      `UPDATE queue SET name = $2, position = $3, active = $4, condition = $5::jsonb, schedule = $6::jsonb,
              assignment_rule = $7, auto_assign = $8, offer_timeout_seconds = $9, offer_timeout_presence = $10,
              updated_at = now()
        WHERE id = $1`,
      queueParams(queue),
    );
  }

  /** Writes the routing order: queue ids in order get positions 1, 2, 3, ... */
  async setPositions(ids: readonly string[]): Promise<void> {
    await this.manager.query(
      `UPDATE queue q SET position = o.position, updated_at = now()
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, position)
        WHERE q.id = o.id AND q.position <> o.position`,
      [ids],
    );
  }

  /** Members become exactly these agents; agents routing has not met yet are created offline. */
  async setMembers(queueId: string, agentIds: readonly string[]): Promise<void> {
    await new RoutingRepository(this.manager).meetAgents(agentIds);
    await this.manager.query(
      `DELETE FROM queue_member WHERE queue_id = $1 AND agent_id <> ALL ($2::text[])`,
      [queueId, agentIds],
    );
    await this.manager.query(
      `INSERT INTO queue_member (queue_id, agent_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [queueId, agentIds],
    );
  }

  async presenceExists(name: string): Promise<boolean> {
    const [row] = await this.manager.query<Array<{ found: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM presence_state WHERE name = $1) AS found`,
      [name],
    );
    return row?.found ?? false;
  }

  async putPresenceState(state: Omit<PresenceState, 'builtIn'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO presence_state (name, receives_work, channels) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET receives_work = EXCLUDED.receives_work, channels = EXCLUDED.channels`,
      [state.name, state.receivesWork, state.channels],
    );
  }

  async updateChannel(
    name: string,
    change: { defaultCapacity?: number; itemSize?: number },
  ): Promise<boolean> {
    const [updated] = await this.manager.query<UpdateResult<{ name: string }>>(
      `UPDATE channel SET default_capacity = COALESCE($2, default_capacity), item_size = COALESCE($3, item_size)
        WHERE name = $1 RETURNING name`,
      [name, change.defaultCapacity ?? null, change.itemSize ?? null],
    );
    return updated.length > 0;
  }

  async setCapacity(
    agentId: string,
    universal: number | null,
    channels: Record<string, number>,
  ): Promise<void> {
    // Set before the agent ever signed in: they serve the fallback queue like anyone routing meets.
    await new RoutingRepository(this.manager).meetAgent(agentId);
    await this.manager.query(`UPDATE agent SET universal_capacity = $2, updated_at = now() WHERE id = $1`, [
      agentId,
      universal,
    ]);
    await this.manager.query(`DELETE FROM agent_channel_capacity WHERE agent_id = $1`, [agentId]);
    const entries = Object.entries(channels);
    if (entries.length === 0) return;
    await this.manager.query(
      `INSERT INTO agent_channel_capacity (agent_id, channel, capacity)
       SELECT $1, c.channel, c.capacity FROM unnest($2::text[], $3::int[]) AS c(channel, capacity)`,
      [agentId, entries.map(([channel]) => channel), entries.map(([, capacity]) => capacity)],
    );
  }

  /** The manager's view: every queue's backlog, and every agent routing knows. */
  async overview() {
    const queues = await this.manager.query<
      Array<{
        id: string;
        waiting: number;
        offered: number;
        assigned: number;
        oldest: number | null;
        members: number;
      }>
    >(
      `SELECT q.id,
              count(w.id) FILTER (WHERE w.state = 'queued')::int AS waiting,
              count(w.id) FILTER (WHERE w.state = 'offered')::int AS offered,
              count(w.id) FILTER (WHERE w.state = 'assigned')::int AS assigned,
              EXTRACT(EPOCH FROM now() - min(w.enqueued_at) FILTER (WHERE w.state = 'queued'))::float8 AS oldest,
              (SELECT count(*) FROM queue_member m WHERE m.queue_id = q.id)::int AS members
         FROM queue q LEFT JOIN work_item w ON w.queue_id = q.id AND w.state IN ('queued', 'offered', 'assigned')
        GROUP BY q.id`,
    );
    const agents = await this.manager.query<
      Array<{
        id: string;
        presence: string;
        universal_capacity: number | null;
        own_capacity: number | null;
        load: number;
        last_seen_at: Date | null;
        queue_ids: string[];
      }>
    >(
      `SELECT a.id, a.presence, a.universal_capacity, a.last_seen_at, cc.capacity AS own_capacity,
              COALESCE((SELECT sum(w.size) FROM work_item w
                         WHERE w.agent_id = a.id AND w.state IN ('offered', 'assigned') AND NOT w.held), 0)::int AS load,
              COALESCE((SELECT array_agg(m.queue_id ORDER BY m.queue_id) FROM queue_member m WHERE m.agent_id = a.id), '{}') AS queue_ids
         FROM agent a LEFT JOIN agent_channel_capacity cc ON cc.agent_id = a.id AND cc.channel = 'sms'
        ORDER BY a.id`,
    );
    return { queues, agents };
  }
}

function queueParams(queue: QueueWrite): unknown[] {
  return [
    queue.id,
    queue.name,
    queue.position,
    queue.active,
    queue.condition === null ? null : JSON.stringify(queue.condition),
    queue.schedule === null ? null : JSON.stringify(queue.schedule),
    queue.rule,
    queue.autoAssign,
    queue.offerTimeoutSeconds,
    queue.offerTimeoutPresence,
  ];
}
