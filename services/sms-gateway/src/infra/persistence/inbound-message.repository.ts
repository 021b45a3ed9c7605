import type { EntityManager } from 'typeorm';
import type { MediaItem } from '../../domain/inbound-media';
import type { InboundSms } from '../../domain/inbound-sms';

export interface StoredInboundMessage {
  id: string;
  sequence: number;
  receivedAt: Date;
}

/** Accepted inbound messages; every method runs in the caller's transaction. */
export class InboundMessageRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Stores the message unless the provider already delivered it (same provider message id);
   * returns null for such a duplicate. `sequence` and `received_at` are taken here, so the
   * caller must hold the phone pair's lock for them to grow in acceptance order.
   */
  async insertIfNew(
    id: string,
    provider: string,
    sms: InboundSms,
    media: MediaItem[],
  ): Promise<StoredInboundMessage | null> {
    const [row] = await this.manager.query<Array<{ id: string; sequence: string; received_at: Date }>>(
      `INSERT INTO inbound_message
         (id, provider, provider_message_id, from_address, to_address, body, media, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, clock_timestamp())
       ON CONFLICT (provider, provider_message_id) DO NOTHING
       RETURNING id, sequence, received_at`,
      [id, provider, sms.providerMessageId, sms.from, sms.to, sms.body, JSON.stringify(media)],
    );
    if (!row) return null;
    // bigint arrives as text; identity values stay far below 2^53.
    return { id: row.id, sequence: Number(row.sequence), receivedAt: row.received_at };
  }
}
