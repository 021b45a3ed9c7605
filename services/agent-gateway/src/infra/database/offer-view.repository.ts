import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OfferRecord } from '../../domain/read-model';
import { type OfferRow, toOfferRecord } from './read-model.rows';

/** offer_view. Writers hold the conversation lock of the offer's interaction. */
@Injectable()
export class OfferViewRepository {
  async find(manager: EntityManager, workItemId: string): Promise<OfferRecord | null> {
    const rows = await manager.query<OfferRow[]>(`SELECT * FROM offer_view WHERE work_item_id = $1`, [
      workItemId,
    ]);
    return rows[0] ? toOfferRecord(rows[0]) : null;
  }

  async forInteraction(manager: EntityManager, interactionId: string): Promise<OfferRecord[]> {
    const rows = await manager.query<OfferRow[]>(`SELECT * FROM offer_view WHERE interaction_id = $1`, [
      interactionId,
    ]);
    return rows.map(toOfferRecord);
  }

  /** SPEC I1: the offers an agent can still accept, oldest first. */
  async openFor(manager: EntityManager, agentId: string, now: Date): Promise<OfferRecord[]> {
    const rows = await manager.query<OfferRow[]>(
      `SELECT * FROM offer_view
        WHERE agent_id = $1 AND state = 'pending' AND expires_at > $2
        ORDER BY offered_at, work_item_id`,
      [agentId, now],
    );
    return rows.map(toOfferRecord);
  }

  async save(manager: EntityManager, offer: OfferRecord): Promise<void> {
    await manager.query(
      `INSERT INTO offer_view (work_item_id, interaction_id, agent_id, offered_at, expires_at, state, offer_event_id,
                               accepted_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (work_item_id) DO UPDATE SET
         interaction_id = EXCLUDED.interaction_id, agent_id = EXCLUDED.agent_id,
         offered_at = EXCLUDED.offered_at, expires_at = EXCLUDED.expires_at, state = EXCLUDED.state,
         offer_event_id = EXCLUDED.offer_event_id, accepted_event_id = EXCLUDED.accepted_event_id`,
      [
        offer.workItemId,
        offer.interactionId,
        offer.agentId,
        offer.offeredAt,
        offer.expiresAt,
        offer.state,
        offer.offerEventId,
        offer.acceptedEventId,
      ],
    );
  }
}
