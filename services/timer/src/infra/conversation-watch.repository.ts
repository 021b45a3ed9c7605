import type { EntityManager } from 'typeorm';
import { type ConversationWatch, type MessageSide, NEW_WATCH } from '../domain/arming';

interface Row {
  last_requester_at: Date | null;
  last_agent_at: Date | null;
  closed_at: Date | null;
}

/**
 * What the timer service remembers of each conversation (arming.ts). Recording a message or a
 * close locks it, which serialises the messages and closes of one conversation across consumers
 * and replicas.
 */
export class ConversationWatchRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Records a message of `side` written at `at`, and answers the conversation's watch, locked until
   * the transaction ends. One statement: the upsert creates the row or locks the one there (waiting
   * for a transaction that holds it), keeps the later time, and answers the values.
   */
  recordMessage(interactionId: string, side: MessageSide, at: Date): Promise<ConversationWatch> {
    const column = side === 'requester' ? 'last_requester_at' : 'last_agent_at';
    return this.upsert(interactionId, column, at);
  }

  /** Records that the conversation closed at `at`, like {@link recordMessage}. */
  recordClose(interactionId: string, at: Date): Promise<ConversationWatch> {
    return this.upsert(interactionId, 'closed_at', at);
  }

  private async upsert(
    interactionId: string,
    column: 'last_requester_at' | 'last_agent_at' | 'closed_at',
    at: Date,
  ): Promise<ConversationWatch> {
    const result: unknown = await this.manager.query(
      `INSERT INTO conversation_watch AS w (interaction_id, ${column}) VALUES ($1, $2)
       ON CONFLICT (interaction_id) DO UPDATE
         SET ${column} = greatest(w.${column}, EXCLUDED.${column}), updated_at = now()
       RETURNING w.last_requester_at, w.last_agent_at, w.closed_at`,
      [interactionId, at],
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
}
