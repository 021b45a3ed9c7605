import type { EntityManager } from 'typeorm';
import type { KeptRejectionCode, RejectedInboundSms, RejectedMedia } from '../../domain/inbound-rejection';

/** A rejected inbound message as operators list it. */
export interface RejectedInboundMessage extends RejectedInboundSms {
  /** Grows with each message kept; the paging cursor. */
  id: string;
  provider: string;
  receivedAt: Date;
}

interface RejectedInboundMessageRow {
  id: string;
  provider: string;
  provider_message_id: string;
  from_as_sent: string | null;
  to_as_sent: string | null;
  body: string | null;
  body_truncated: boolean;
  media: RejectedMedia[];
  code: KeptRejectionCode;
  reason: string;
  received_at: Date;
}

/** Inbound messages refused for their content; every method runs in the caller's transaction. */
export class RejectedInboundMessageRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Keeps the message unless it was kept before (same provider message id): false then. */
  async insertIfNew(provider: string, message: RejectedInboundSms): Promise<boolean> {
    const inserted = await this.manager.query<unknown[]>(
      `INSERT INTO rejected_inbound_message
         (provider, provider_message_id, from_as_sent, to_as_sent, body, body_truncated, media, code, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
       ON CONFLICT (provider, provider_message_id) DO NOTHING
       RETURNING id`,
      [
        provider,
        storable(message.providerMessageId),
        storable(message.from),
        storable(message.to),
        storable(message.body),
        message.bodyTruncated,
        JSON.stringify(
          message.media.map((item) => ({ url: storable(item.url), contentType: storable(item.contentType) })),
        ),
        message.code,
        storable(message.reason),
      ],
    );
    return inserted.length > 0;
  }

  /** Newest first: at most `limit` messages kept before the one with id `before` (if given). */
  async newestFirst(limit: number, before: string | null): Promise<RejectedInboundMessage[]> {
    const rows = await this.manager.query<RejectedInboundMessageRow[]>(
      `SELECT id, provider, provider_message_id, from_as_sent, to_as_sent, body, body_truncated, media,
              code, reason, received_at
         FROM rejected_inbound_message
        WHERE $1::bigint IS NULL OR id < $1::bigint
        ORDER BY id DESC
        LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => ({
      // bigint arrives as text, and stays text: it is an opaque id to clients.
      id: row.id,
      provider: row.provider,
      providerMessageId: row.provider_message_id,
      from: row.from_as_sent,
      to: row.to_as_sent,
      body: row.body,
      bodyTruncated: row.body_truncated,
      media: row.media,
      code: row.code,
      reason: row.reason,
      receivedAt: row.received_at,
    }));
  }
}

/**
 * Postgres text and jsonb cannot hold U+0000, which a form can carry (%00). The webhooks'
 * fields are read without control characters (decision 21), so none should reach this table;
 * it exists to keep what was refused, so it still never fails on one: it is kept as U+FFFD.
 */
function storable<T extends string | null>(text: T): T {
  return (text === null ? null : text.replaceAll('\u0000', '\uFFFD')) as T;
}
