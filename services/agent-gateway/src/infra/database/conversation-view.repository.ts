import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type ConversationRecord, emptyConversation } from '../../domain/read-model';
import { COMPLETED_STATES } from '../../domain/views';
import { lockFor } from './locks';
import { type ConversationRow, toConversationRecord } from './read-model.rows';

@Injectable()
export class ConversationViewRepository {
  /**
   * Serialises everything written about one conversation (its row, its offers, the unread
   * mark) until the caller's transaction ends, so projections can read, decide and write.
   */
  lock(manager: EntityManager, interactionId: string): Promise<void> {
    return lockFor(manager, `conversation:${interactionId}`);
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
    await manager.query(
      `INSERT INTO conversation_view (interaction_id, requester_address, company_address, requester_user_id,
         identity_conflict, state, state_event_id, assignee_id, assignee_event_id, last_activity_at,
         unread_count, first_message_body, created_at, identity_conflict_reason, profile_id, requester_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (interaction_id) DO UPDATE SET
         requester_address = EXCLUDED.requester_address, company_address = EXCLUDED.company_address,
         requester_user_id = EXCLUDED.requester_user_id, identity_conflict = EXCLUDED.identity_conflict,
         identity_conflict_reason = EXCLUDED.identity_conflict_reason, profile_id = EXCLUDED.profile_id,
         requester_event_id = EXCLUDED.requester_event_id,
         state = EXCLUDED.state, state_event_id = EXCLUDED.state_event_id,
         assignee_id = EXCLUDED.assignee_id, assignee_event_id = EXCLUDED.assignee_event_id,
         last_activity_at = EXCLUDED.last_activity_at, unread_count = EXCLUDED.unread_count,
         first_message_body = EXCLUDED.first_message_body, created_at = EXCLUDED.created_at`,
      [
        c.interactionId,
        c.requesterAddress,
        c.companyAddress,
        c.requesterUserId,
        c.identityConflict,
        c.state,
        c.stateEventId,
        c.assigneeId,
        c.assigneeEventId,
        c.lastActivityAt,
        c.unreadCount,
        c.firstMessageBody,
        c.createdAt,
        c.identityConflictReason,
        c.profileId,
        c.requesterEventId,
      ],
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
