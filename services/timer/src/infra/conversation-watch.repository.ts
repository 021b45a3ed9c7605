import type { EntityManager } from 'typeorm';
import { type ConversationWatch, NEW_WATCH } from '../domain/arming';

interface Row {
  last_requester_at: Date | null;
  last_agent_at: Date | null;
  closed_at: Date | null;
}

/**
 * What the timer service remembers of each conversation (arming.ts). Locking it serialises the
 * messages and closes of one conversation across consumers and replicas.
 */
export class ConversationWatchRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The conversation's watch, locked until the transaction ends (created empty the first time). */
  async lock(interactionId: string): Promise<ConversationWatch> {
    // One statement: the upsert creates the row or locks the one there, and answers its values.
    const result: unknown = await this.manager.query(
      `INSERT INTO conversation_watch AS w (interaction_id) VALUES ($1)
       ON CONFLICT (interaction_id) DO UPDATE SET interaction_id = w.interaction_id
       RETURNING w.last_requester_at, w.last_agent_at, w.closed_at`,
      [interactionId],
    );
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Row[];
    const row = rows[0];
    if (!row) return NEW_WATCH;
    return {
      lastRequesterAt: row.last_requester_at,
      lastAgentAt: row.last_agent_at,
      closedAt: row.closed_at,
    };
  }

  async save(interactionId: string, watch: ConversationWatch): Promise<void> {
    await this.manager.query(
      `UPDATE conversation_watch
          SET last_requester_at = $2, last_agent_at = $3, closed_at = $4, updated_at = now()
        WHERE interaction_id = $1`,
      [interactionId, watch.lastRequesterAt, watch.lastAgentAt, watch.closedAt],
    );
  }
}
