import type { SmsEncoding } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import type { DeliveryStatus } from '../../domain/delivery-status';

export interface OutboundMessage {
  /** The outboundId of the send command. */
  id: string;
  provider: string;
  providerMessageId: string | null;
  from: string;
  to: string;
  body: string;
  interactionId: string | null;
  status: DeliveryStatus;
  errorCode: string | null;
  /** SPEC S4: how the body was counted; null only for messages sent before it was recorded. */
  encoding: SmsEncoding | null;
  segments: number | null;
}

interface OutboundMessageRow {
  id: string;
  provider: string;
  provider_message_id: string | null;
  from_address: string;
  to_address: string;
  body: string;
  interaction_id: string | null;
  status: DeliveryStatus;
  error_code: string | null;
  encoding: SmsEncoding | null;
  segments: number | null;
}

const COLUMNS =
  'id, provider, provider_message_id, from_address, to_address, body, interaction_id, status, error_code, encoding, segments';

/** Messages we sent (or refused to send); every method runs in the caller's transaction. */
export class OutboundMessageRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string): Promise<OutboundMessage | null> {
    const [row] = await this.manager.query<OutboundMessageRow[]>(
      `SELECT ${COLUMNS} FROM outbound_message WHERE id = $1`,
      [id],
    );
    return row ? toMessage(row) : null;
  }

  async findIdByProviderMessageId(provider: string, providerMessageId: string): Promise<string | null> {
    const [row] = await this.manager.query<Array<{ id: string }>>(
      `SELECT id FROM outbound_message WHERE provider = $1 AND provider_message_id = $2`,
      [provider, providerMessageId],
    );
    return row?.id ?? null;
  }

  async insert(message: OutboundMessage): Promise<void> {
    await this.manager.query(
      `INSERT INTO outbound_message
         (id, provider, provider_message_id, from_address, to_address, body, interaction_id, status, error_code, encoding, segments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        message.id,
        message.provider,
        message.providerMessageId,
        message.from,
        message.to,
        message.body,
        message.interactionId,
        message.status,
        message.errorCode,
        message.encoding,
        message.segments,
      ],
    );
  }

  async updateStatus(id: string, status: DeliveryStatus, errorCode: string | null): Promise<void> {
    await this.manager.query(
      `UPDATE outbound_message SET status = $2, error_code = $3, updated_at = now() WHERE id = $1`,
      [id, status, errorCode],
    );
  }
}

function toMessage(row: OutboundMessageRow): OutboundMessage {
  return {
    id: row.id,
    provider: row.provider,
    providerMessageId: row.provider_message_id,
    from: row.from_address,
    to: row.to_address,
    body: row.body,
    interactionId: row.interaction_id,
    status: row.status,
    errorCode: row.error_code,
    encoding: row.encoding,
    segments: row.segments,
  };
}
