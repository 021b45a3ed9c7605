import { Pool } from 'pg';
import type {
  ActiveInteractionRow,
  AgentLoadRow,
  DeadLetterRow,
  InboundRow,
  RejectedRow,
  ReplyRow,
  TimerFiringRow,
} from './records';

const SCHEMAS = ['agent_gateway', 'sms_gateway', 'profile', 'interaction', 'routing', 'timer'];

/**
 * The checker's reads of every service's tables, on the run's private database (one schema per
 * service). Reads only; while Postgres is down a read fails and the caller tries again later.
 */
export class Tables {
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 3, connectionTimeoutMillis: 5_000 });
    // A pooled connection dropped by a Postgres restart is an error event, not a crash.
    this.pool.on('error', () => undefined);
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as T[];
  }

  inbound(providerMessageIds: readonly string[]): Promise<InboundRow[]> {
    return this.rows<InboundRow>(
      `SELECT g.provider_message_id AS "providerMessageId", g.sequence::float8 AS "gatewaySequence",
              m.interaction_id AS "interactionId", to_char(m.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt"
         FROM sms_gateway.inbound_message g LEFT JOIN interaction.message m ON m.id = g.id
        WHERE g.provider_message_id = ANY($1)`,
      [providerMessageIds],
    );
  }

  replies(): Promise<ReplyRow[]> {
    return this.rows<ReplyRow>(
      `SELECT body, delivery_status AS "deliveryStatus", delivery_failure_reason AS "failureReason"
         FROM interaction.message WHERE direction = 'outbound' AND author_kind = 'agent'`,
    );
  }

  timerFirings(): Promise<TimerFiringRow[]> {
    return this.rows<TimerFiringRow>(
      `SELECT payload->'data'->>'timerId' AS "timerId", count(*)::int AS "firedEvents"
         FROM timer.outbox WHERE subject LIKE '%timer.action.fired.v1' GROUP BY 1`,
    );
  }

  async firedTimers(): Promise<number> {
    const [row] = await this.rows<{ count: number }>(
      `SELECT count(*)::int AS count FROM timer.timer WHERE state = 'fired'`,
    );
    return row?.count ?? 0;
  }

  activeInteractions(): Promise<ActiveInteractionRow[]> {
    return this.rows<ActiveInteractionRow>(
      `SELECT id AS "interactionId", requester_address AS requester, company_address AS company, state
         FROM interaction.interaction WHERE state NOT IN ('closed_complete', 'closed_abandoned')`,
    );
  }

  agentLoads(): Promise<AgentLoadRow[]> {
    return this.rows<AgentLoadRow>(
      `SELECT a.id AS "agentId", c.capacity, now()::text AS at,
              COALESCE((SELECT sum(w.size) FROM routing.work_item w
                         WHERE w.agent_id = a.id AND w.state IN ('offered', 'assigned') AND NOT w.held), 0)::int AS load
         FROM routing.agent a LEFT JOIN routing.agent_channel_capacity c ON c.agent_id = a.id AND c.channel = 'sms'`,
    );
  }

  deadLetters(): Promise<DeadLetterRow[]> {
    const union = SCHEMAS.map(
      (schema) =>
        `SELECT '${schema}' AS service, consumer, subject, reason, error_code AS "errorCode" FROM ${schema}.dead_letter`,
    ).join(' UNION ALL ');
    return this.rows<DeadLetterRow>(union);
  }

  rejected(): Promise<RejectedRow[]> {
    return this.rows<RejectedRow>(
      `SELECT provider_message_id AS "providerMessageId", code, reason FROM sms_gateway.rejected_inbound_message`,
    );
  }

  /** Per service, events written to its outbox and not yet published: a relay that stopped shows here. */
  async unpublishedOutbox(): Promise<Record<string, number>> {
    const union = SCHEMAS.map(
      (schema) =>
        `SELECT '${schema}' AS service, count(*)::int AS count FROM ${schema}.outbox WHERE published_at IS NULL`,
    ).join(' UNION ALL ');
    const rows = await this.rows<{ service: string; count: number }>(union);
    return Object.fromEntries(rows.map((row) => [row.service, row.count]));
  }

  /** Sends asked for before `before` that the provider has not taken yet (nor given up on). */
  /** When the provider next took a send after `after` (a row is written only once it took it), or null. */
  async firstSendTakenAfter(after: Date): Promise<Date | null> {
    const [row] = await this.rows<{ at: Date | null }>(
      `SELECT min(created_at) AS at FROM sms_gateway.outbound_message WHERE created_at > $1`,
      [after],
    );
    return row?.at ?? null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
