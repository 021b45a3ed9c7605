import type { EntityManager } from 'typeorm';
import type { StatusCallback } from '../../domain/status-callback';

/** Every status report the provider sent us; every method runs in the caller's transaction. */
export class StatusCallbackRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Records the report; false when the same status of the same message was reported before. */
  async recordIfNew(provider: string, outboundId: string, callback: StatusCallback): Promise<boolean> {
    const inserted = await this.manager.query<unknown[]>(
      `INSERT INTO status_callback (provider, provider_message_id, provider_status, error_code, outbound_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (provider, provider_message_id, provider_status) DO NOTHING
       RETURNING id`,
      [provider, callback.providerMessageId, callback.providerStatus, callback.errorCode, outboundId],
    );
    return inserted.length > 0;
  }
}
