import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class ConversationSearchRepository {
  /**
   * The requester's first message after the last reply by an agent or the virtual agent (SPEC
   * M1, M3), or null when none waits. Read from every stored message, so it does not depend on
   * the order messages arrived in. Call under the conversation lock, after storing the message.
   */
  async awaitingReplySince(manager: EntityManager, interactionId: string): Promise<Date | null> {
    const [row] = await manager.query<Array<{ since: Date | null }>>(
      `SELECT min(m.occurred_at) AS since FROM message_view m
        WHERE m.interaction_id = $1 AND m.direction = 'inbound'
          AND m.occurred_at > coalesce((
            SELECT max(r.occurred_at) FROM message_view r
             WHERE r.interaction_id = $1 AND r.direction = 'outbound'
               AND r.author_kind IN ('agent', 'virtual_agent')), '-infinity')`,
      [interactionId],
    );
    return row?.since ?? null;
  }
}
