import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MessageRecord } from '../../domain/read-model';
import { conversationLockKey, lockFor, messageLockKey } from './locks';
import { type MessageRow, toMessageRecord } from './read-model.rows';

@Injectable()
export class MessageViewRepository {
  /**
   * Serialises a message and its delivery statuses, which arrive on different subjects (a
   * status may not say which conversation it belongs to, so the conversation lock cannot).
   */
  lock(manager: EntityManager, messageId: string): Promise<void> {
    return lockFor(manager, messageLockKey(messageId));
  }

  /** The conversation's lock and then the message's, in one round trip. */
  lockWithConversation(manager: EntityManager, interactionId: string, messageId: string): Promise<void> {
    return lockFor(manager, conversationLockKey(interactionId), messageLockKey(messageId));
  }

  async find(manager: EntityManager, messageId: string): Promise<MessageRecord | null> {
    const rows = await manager.query<MessageRow[]>(`SELECT * FROM message_view WHERE message_id = $1`, [
      messageId,
    ]);
    return rows[0] ? toMessageRecord(rows[0]) : null;
  }

  async save(manager: EntityManager, m: MessageRecord): Promise<void> {
    await manager.query(
      `INSERT INTO message_view (message_id, interaction_id, direction, author_kind, author_id, body,
         occurred_at, gateway_sequence, delivery_status, error_code, visibility, failure_reason, media)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
       ON CONFLICT (message_id) DO UPDATE SET
         interaction_id = EXCLUDED.interaction_id, direction = EXCLUDED.direction,
         author_kind = EXCLUDED.author_kind, author_id = EXCLUDED.author_id, body = EXCLUDED.body,
         occurred_at = EXCLUDED.occurred_at, gateway_sequence = EXCLUDED.gateway_sequence,
         delivery_status = EXCLUDED.delivery_status, error_code = EXCLUDED.error_code,
         visibility = EXCLUDED.visibility, failure_reason = EXCLUDED.failure_reason, media = EXCLUDED.media`,
      [
        m.messageId,
        m.interactionId,
        m.direction,
        m.authorKind,
        m.authorId,
        m.body,
        m.occurredAt,
        m.gatewaySequence,
        m.deliveryStatus,
        m.errorCode,
        m.visibility,
        m.failureReason,
        JSON.stringify(m.media),
      ],
    );
  }

  /** The transcript in the design's order; placeholders (a status without its message) are left out. */
  async transcript(manager: EntityManager, interactionId: string): Promise<MessageRecord[]> {
    const rows = await manager.query<MessageRow[]>(
      `SELECT * FROM message_view
        WHERE interaction_id = $1 AND occurred_at IS NOT NULL
        ORDER BY occurred_at, gateway_sequence NULLS LAST, message_id`,
      [interactionId],
    );
    return rows.map(toMessageRecord);
  }

  /** SPEC S5: a stored medium of a message of the conversation, or null. */
  async findStoredMedia(
    manager: EntityManager,
    interactionId: string,
    mediaId: string,
  ): Promise<{ key: string; contentType: string } | null> {
    const rows = await manager.query<Array<{ key: string; content_type: string }>>(
      `SELECT item->>'key' AS key, item->>'contentType' AS content_type
         FROM message_view, jsonb_array_elements(media) AS item
        WHERE interaction_id = $1 AND media @> jsonb_build_array(jsonb_build_object('mediaId', $2::text))
          AND item->>'mediaId' = $2 AND item->>'status' = 'stored'
        LIMIT 1`,
      [interactionId, mediaId],
    );
    return rows[0] ? { key: rows[0].key, contentType: rows[0].content_type } : null;
  }

  /** The body of the earliest requester message, in transcript order. */
  async firstInboundBody(manager: EntityManager, interactionId: string): Promise<string | null> {
    const rows = await manager.query<Array<{ body: string }>>(
      `SELECT body FROM message_view
        WHERE interaction_id = $1 AND direction = 'inbound' AND occurred_at IS NOT NULL
        ORDER BY occurred_at, gateway_sequence NULLS LAST, message_id
        LIMIT 1`,
      [interactionId],
    );
    return rows[0]?.body ?? null;
  }
}
