import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type ConversationRecord, emptyConversation } from '../../domain/read-model';
import { COMPLETED_STATES } from '../../domain/views';
import { conversationLockKey, lockFor } from './locks';
import { type ConversationRow, toConversationRecord } from './read-model.rows';

@Injectable()
export class ConversationViewRepository {
  /**
   * Serialises everything written about one conversation (its row, its offers, the unread
   * mark) until the caller's transaction ends, so projections can read, decide and write.
   */
  lock(manager: EntityManager, interactionId: string): Promise<void> {
    return lockFor(manager, conversationLockKey(interactionId));
  }

  async find(manager: EntityManager, interactionId: string): Promise<ConversationRecord | null> {
    const rows = await manager.query<ConversationRow[]>(
      `SELECT * FROM conversation_view WHERE interaction_id = $1`,
      [interactionId],
    );
    return rows[0] ? toConversationRecord(rows[0]) : null;
  }

  async findOrEmpty(manager: EntityManager, interactionId: string): Promise<ConversationRecord> {
    return (await this.find(manager, interactionId)) ?? emptyConversation(interactionId);
  }

  async findMany(manager: EntityManager, interactionIds: string[]): Promise<ConversationRecord[]> {
    if (interactionIds.length === 0) return [];
    const rows = await manager.query<ConversationRow[]>(
      `SELECT * FROM conversation_view WHERE interaction_id = ANY($1::uuid[])`,
      [interactionIds],
    );
    return rows.map(toConversationRecord);
  }

  async save(manager: EntityManager, c: ConversationRecord): Promise<void> {
    const columns: Array<[string, unknown]> = [
      ['interaction_id', c.interactionId],
      ['requester_address', c.requesterAddress],
      ['company_address', c.companyAddress],
      ['requester_user_id', c.requesterUserId],
      ['identity_conflict', c.identityConflict],
      ['state', c.state],
      ['state_event_id', c.stateEventId],
      ['assignee_id', c.assigneeId],
      ['assignee_event_id', c.assigneeEventId],
      ['last_activity_at', c.lastActivityAt],
      ['unread_count', c.unreadCount],
      ['first_message_body', c.firstMessageBody],
      ['created_at', c.createdAt],
      ['identity_conflict_reason', c.identityConflictReason],
      ['profile_id', c.profileId],
      ['requester_event_id', c.requesterEventId],
      ['work_item_id', c.workItemId],
      ['queue_state', c.queueState],
      ['queue_state_event_id', c.queueStateEventId],
      ['queue_id', c.queueId],
      ['queue_name', c.queueName],
      ['queue_priority', c.queuePriority],
      ['queued_at', c.queuedAt],
      ['enqueued_at', c.enqueuedAt],
      ['queue_event_id', c.queueEventId],
      ['offered_agent_id', c.offeredAgentId],
      ['offered_at', c.offeredAt],
      ['offered_event_id', c.offeredEventId],
      ['closed_at', c.closedAt],
      ['closed_cause', c.closedCause],
      ['closed_by_kind', c.closedByKind],
      ['closed_by_id', c.closedById],
      ['closure_event_id', c.closureEventId],
      ['participant_ids', c.participantIds],
      ['awaiting_reply_since', c.awaitingReplySince],
    ];
    const names = columns.map(([name]) => name);
    await manager.query(
      `INSERT INTO conversation_view (${names.join(', ')})
       VALUES (${names.map((_, index) => `$${index + 1}`).join(', ')})
       ON CONFLICT (interaction_id) DO UPDATE SET
         ${names
           .slice(1)
           .map((name) => `${name} = EXCLUDED.${name}`)
           .join(', ')}`,
      columns.map(([, value]) => value),
    );
  }

  /** SPEC I2: the agent's assigned conversations that are not completed, most recently active first. */
  async listOngoing(manager: EntityManager, agentId: string): Promise<ConversationRecord[]> {
    const rows = await manager.query<ConversationRow[]>(
      `SELECT * FROM conversation_view
        WHERE assignee_id = $1 AND (state IS NULL OR state <> ALL($2::text[]))
        ORDER BY last_activity_at DESC NULLS LAST, created_at DESC NULLS LAST, interaction_id`,
      [agentId, COMPLETED_STATES],
    );
    return rows.map(toConversationRecord);
  }

  /** The conversations assigned to an agent with one requester number, closed ones included. */
  async assignedWithRequester(
    manager: EntityManager,
    agentId: string,
    requesterAddress: string,
  ): Promise<ConversationRecord[]> {
    const rows = await manager.query<ConversationRow[]>(
      `SELECT * FROM conversation_view WHERE assignee_id = $1 AND requester_address = $2`,
      [agentId, requesterAddress],
    );
    return rows.map(toConversationRecord);
  }

  /** SPEC I3: opening a conversation clears its unread mark. Call under {@link lock}. */
  async markRead(manager: EntityManager, interactionId: string): Promise<void> {
    await manager.query(`UPDATE conversation_view SET unread_count = 0 WHERE interaction_id = $1`, [
      interactionId,
    ]);
  }
}
