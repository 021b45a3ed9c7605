import type { EntityManager } from 'typeorm';
import type { ArmedTimer } from '../domain/arming';
import type { TimerOutcome } from '../domain/firing';

/** A timer to arm: its deterministic id (timerIdFor) and what it waits for. */
export interface NewTimer {
  id: string;
  interactionId: string;
  actionId: string;
  dueAt: Date;
  armedByMessageId: string;
}

/** A timer as the store holds it. */
export interface TimerRecord extends NewTimer {
  state: 'armed' | 'fired' | 'disarmed';
  firedAt: Date | null;
  disarmedAt: Date | null;
  outcome: TimerOutcome | null;
  armedAt: Date;
  /** Firings of it that failed so far. */
  attempts: number;
}

interface TimerRow {
  id: string;
  interaction_id: string;
  action_id: string;
  due_at: Date;
  armed_by_message_id: string;
  state: TimerRecord['state'];
  fired_at: Date | null;
  disarmed_at: Date | null;
  outcome: TimerOutcome | null;
  created_at: Date;
  attempts: number;
}

const COLUMNS = `id, interaction_id, action_id, due_at, armed_by_message_id, state, fired_at, disarmed_at, outcome, created_at, attempts`;

function toRecord(row: TimerRow): TimerRecord {
  return {
    id: row.id,
    interactionId: row.interaction_id,
    actionId: row.action_id,
    dueAt: row.due_at,
    armedByMessageId: row.armed_by_message_id,
    state: row.state,
    firedAt: row.fired_at,
    disarmedAt: row.disarmed_at,
    outcome: row.outcome,
    armedAt: row.created_at,
    attempts: row.attempts,
  };
}

/** `query` of a data-modifying statement answers [rows, affected count]. */
function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Row[];
}

/** The durable timers, on the connection (and transaction) of `manager`. */
export class TimerRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Arms the timers not armed yet, and returns those it armed. Idempotent: a timer whose id
   * exists (a redelivered message, even after it fired) or whose action is already armed for
   * the interaction (M3) is left as it is.
   */
  async arm(timers: readonly NewTimer[]): Promise<TimerRecord[]> {
    if (timers.length === 0) return [];
    const rows = await this.manager.query<TimerRow[]>(
      `INSERT INTO timer (id, interaction_id, action_id, due_at, armed_by_message_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[])
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        timers.map((timer) => timer.id),
        timers.map((timer) => timer.interactionId),
        timers.map((timer) => timer.actionId),
        timers.map((timer) => timer.dueAt),
        timers.map((timer) => timer.armedByMessageId),
      ],
    );
    return rowsOf<TimerRow>(rows).map(toRecord);
  }

  /** Disarms those of these timers that are still armed; returns their ids. */
  async disarm(timerIds: readonly string[], at: Date = new Date()): Promise<string[]> {
    if (timerIds.length === 0) return [];
    const result: unknown = await this.manager.query(
      `UPDATE timer SET state = 'disarmed', disarmed_at = $2
        WHERE id = ANY($1::uuid[]) AND state = 'armed'
        RETURNING id`,
      [timerIds, at],
    );
    return rowsOf<{ id: string }>(result).map((row) => row.id);
  }

  /** Disarms every armed timer of an interaction (M6: it closed); returns their ids. */
  async disarmAllOf(interactionId: string, at: Date = new Date()): Promise<string[]> {
    const result: unknown = await this.manager.query(
      `UPDATE timer SET state = 'disarmed', disarmed_at = $2
        WHERE interaction_id = $1 AND state = 'armed'
        RETURNING id`,
      [interactionId, at],
    );
    return rowsOf<{ id: string }>(result).map((row) => row.id);
  }

  /** The armed timers of an interaction, as the arming rules take them, soonest first. */
  async armedOf(interactionId: string): Promise<ArmedTimer[]> {
    const rows = await this.manager.query<TimerRow[]>(
      `SELECT ${COLUMNS} FROM timer WHERE interaction_id = $1 AND state = 'armed' ORDER BY due_at, id`,
      [interactionId],
    );
    return rows.map((row) => ({
      timerId: row.id,
      actionId: row.action_id,
      dueAt: row.due_at,
      armedByMessageId: row.armed_by_message_id,
    }));
  }

  /**
   * Marks up to `limit` armed timers due by `now` fired, soonest first, and returns them, in one
   * statement. Timers another transaction is claiming are skipped (SKIP LOCKED), and one it
   * claimed is no longer armed when this one looks again, so no two claims share a timer. Run
   * it in the transaction that records what firing does: a rollback re-arms them.
   */
  async claimDue(now: Date, limit: number): Promise<TimerRecord[]> {
    const result: unknown = await this.manager.query(
      `UPDATE timer t SET state = 'fired', fired_at = $1
         FROM (SELECT id FROM timer
                WHERE state = 'armed' AND due_at <= $1 AND (retry_at IS NULL OR retry_at <= $1)
                ORDER BY due_at, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED) due
        WHERE t.id = due.id AND t.state = 'armed'
        RETURNING ${COLUMNS.split(', ')
          .map((column) => `t.${column}`)
          .join(', ')}`,
      [now, limit],
    );
    return rowsOf<TimerRow>(result)
      .map(toRecord)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
  }

  /**
   * When the soonest armed timer can be claimed: its deadline, or for one whose firing failed,
   * when it is retried. Null when none is armed.
   */
  async nextDueAt(): Promise<Date | null> {
    const rows = await this.manager.query<Array<{ due_at: Date | null }>>(
      `SELECT least(
         (SELECT min(due_at) FROM timer WHERE state = 'armed' AND retry_at IS NULL),
         (SELECT min(greatest(due_at, retry_at)) FROM timer WHERE state = 'armed' AND retry_at IS NOT NULL)
       ) AS due_at`,
    );
    return rows[0]?.due_at ?? null;
  }

  /** A claimed timer whose firing failed: armed again, tried at `retryAt`, one attempt more. */
  async retryLater(timerId: string, retryAt: Date): Promise<void> {
    await this.manager.query(
      `UPDATE timer SET state = 'armed', fired_at = NULL, attempts = attempts + 1, retry_at = $2
        WHERE id = $1 AND state = 'fired'`,
      [timerId, retryAt],
    );
  }

  /** One timer, whatever its state; null when there is none. */
  async find(timerId: string): Promise<TimerRecord | null> {
    const rows = await this.manager.query<TimerRow[]>(`SELECT ${COLUMNS} FROM timer WHERE id = $1`, [
      timerId,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Records what became of timers this transaction claimed (SPEC M4), in one statement. */
  async recordOutcomes(outcomes: ReadonlyArray<{ timerId: string; outcome: TimerOutcome }>): Promise<void> {
    if (outcomes.length === 0) return;
    await this.manager.query(
      `UPDATE timer t SET outcome = v.outcome, attempts = t.attempts + 1
         FROM unnest($1::uuid[], $2::text[]) AS v(id, outcome)
        WHERE t.id = v.id AND t.state = 'fired'`,
      [outcomes.map((one) => one.timerId), outcomes.map((one) => one.outcome)],
    );
  }

  /** Disarms every armed timer of an action (it was deleted); answers how many. */
  async disarmAllOfAction(actionId: string, at: Date = new Date()): Promise<number> {
    const result: unknown = await this.manager.query(
      `UPDATE timer SET state = 'disarmed', disarmed_at = $2 WHERE action_id = $1 AND state = 'armed' RETURNING id`,
      [actionId, at],
    );
    return rowsOf<{ id: string }>(result).length;
  }

  /** Armed timers per action id. */
  async armedCountsByAction(): Promise<Map<string, number>> {
    const rows = await this.manager.query<Array<{ action_id: string; armed: number }>>(
      `SELECT action_id, count(*)::int AS armed FROM timer WHERE state = 'armed' GROUP BY action_id`,
    );
    return new Map(rows.map((row) => [row.action_id, row.armed]));
  }

  /** Timers armed now, across every conversation (the pending gauge). */
  async armedCount(): Promise<number> {
    const rows = await this.manager.query<Array<{ armed: number }>>(
      `SELECT count(*)::int AS armed FROM timer WHERE state = 'armed'`,
    );
    return rows[0]?.armed ?? 0;
  }

  /**
   * One conversation's timers: the armed ones, soonest first, then (with `history`) the fired
   * and disarmed ones, newest first, at most `limit` in all.
   */
  async listOf(interactionId: string, history: boolean, limit = 200): Promise<TimerRecord[]> {
    const rows = await this.manager.query<TimerRow[]>(
      `SELECT ${COLUMNS} FROM timer
        WHERE interaction_id = $1 AND ($2::boolean OR state = 'armed')
        ORDER BY (state = 'armed') DESC,
                 CASE WHEN state = 'armed' THEN due_at END ASC,
                 coalesce(fired_at, disarmed_at) DESC, id
        LIMIT $3`,
      [interactionId, history, limit],
    );
    return rows.map(toRecord);
  }
}
