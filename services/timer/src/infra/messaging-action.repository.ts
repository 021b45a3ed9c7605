import type { Condition } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import type { ActionEffect } from '../domain/firing';
import type { ActionTrigger, TimerEvent } from '../domain/arming';

/** A messaging action as the store holds it. */
export interface StoredAction {
  id: string;
  name: string;
  active: boolean;
  event: TimerEvent;
  durationSeconds: number;
  condition: Condition | null;
  action: ActionEffect;
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ActionRow = Omit<StoredAction, 'builtIn' | 'createdAt' | 'updatedAt'>;

interface Row {
  id: string;
  name: string;
  active: boolean;
  event: TimerEvent;
  duration_seconds: number;
  condition: Condition | null;
  action: ActionEffect;
  built_in: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, active, event, duration_seconds, condition, action, built_in, created_at, updated_at`;

function toAction(row: Row): StoredAction {
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    event: row.event,
    durationSeconds: row.duration_seconds,
    condition: row.condition,
    action: row.action,
    builtIn: row.built_in,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An action's columns as query parameters $1–$7, the JSON ones serialised. */
function parametersOf(action: ActionRow): unknown[] {
  return [
    action.id,
    action.name,
    action.active,
    action.event,
    action.durationSeconds,
    action.condition === null ? null : JSON.stringify(action.condition),
    JSON.stringify(action.action),
  ];
}

/** What arming needs of an active action. */
export function triggerOf(action: StoredAction): ActionTrigger {
  return { actionId: action.id, event: action.event, durationMs: action.durationSeconds * 1000 };
}

/** The messaging actions admins define (SPEC M1–M5), on the connection of `manager`. */
export class MessagingActionRepository {
  constructor(private readonly manager: EntityManager) {}

  async all(): Promise<StoredAction[]> {
    const rows = await this.manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM messaging_action ORDER BY created_at, id`,
    );
    return rows.map(toAction);
  }

  async find(id: string): Promise<StoredAction | null> {
    const rows = await this.manager.query<Row[]>(`SELECT ${COLUMNS} FROM messaging_action WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toAction(rows[0]) : null;
  }

  /** Takes the action's row lock, so changes to one action take turns. */
  async lock(id: string): Promise<StoredAction | null> {
    const rows = await this.manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM messaging_action WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toAction(rows[0]) : null;
  }

  async nameTaken(name: string, exceptId: string): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `SELECT 1 FROM messaging_action WHERE lower(name) = lower($1) AND id <> $2`,
      [name, exceptId],
    );
    return rows.length > 0;
  }

  /** Inserts the action; false when one with its id exists already. */
  async insert(action: ActionRow): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `INSERT INTO messaging_action (id, name, active, event, duration_seconds, condition, action)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      parametersOf(action),
    );
    return rows.length > 0;
  }

  async update(action: ActionRow): Promise<void> {
    await this.manager.query(
      `UPDATE messaging_action
          SET name = $2, active = $3, event = $4, duration_seconds = $5, condition = $6::jsonb,
              action = $7::jsonb, updated_at = now()
        WHERE id = $1`,
      parametersOf(action),
    );
  }

  async delete(id: string): Promise<void> {
    await this.manager.query(`DELETE FROM messaging_action WHERE id = $1`, [id]);
  }
}
