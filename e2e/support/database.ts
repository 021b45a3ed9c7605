// Reads of what interaction and routing hold, for the specs to assert on.
import type { Client } from 'pg';

/** Columns of interaction.interaction the specs read, as pg returns them. */
export interface InteractionRow {
  id: string;
  state: string;
  handled_by: string;
  assignee_id: string | null;
  requester_user_id: string;
  participant_ids: string[];
  va_turns: number;
  va_handoff_reason: string | null;
}

/** The interactions of a phone pair, oldest first, with only the columns named. */
export async function interactionsOf<C extends keyof InteractionRow>(
  db: Client,
  requester: string,
  company: string,
  columns: readonly C[],
): Promise<Array<Pick<InteractionRow, C>>> {
  const { rows } = await db.query<Pick<InteractionRow, C>>(
    `SELECT ${columns.join(', ')} FROM interaction.interaction
      WHERE requester_address = $1 AND company_address = $2 ORDER BY created_at, id`,
    [requester, company],
  );
  return rows;
}

/** Routing's work items of an interaction, in the order they were queued. */
export async function workItemsOf(
  db: Client,
  interactionId: string,
): Promise<Array<{ state: string; agent_id: string | null }>> {
  const { rows } = await db.query<{ state: string; agent_id: string | null }>(
    `SELECT state, agent_id FROM routing.work_item WHERE interaction_id = $1 ORDER BY enqueued_at`,
    [interactionId],
  );
  return rows;
}
