import { type EnvelopeOf, isDeliveryStatusAdvance } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import { InteractionRepository } from '../infra/interaction.repository';

/** Keeps the transcript's delivery status of an outbound message (SPEC S3), only ever forward. */
export class RecordDeliveryStatusUseCase {
  async execute(
    changed: EnvelopeOf<'sms.outbound.status-changed.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const repository = new InteractionRepository(manager);
    const current = await repository.lockDeliveryStatus(changed.data.outboundId);
    // Sends that did not come from a transcript (none yet) have nothing to update.
    if (!current) return;
    if (!isDeliveryStatusAdvance(current.status, changed.data.status)) return;
    await repository.setDeliveryStatus(
      changed.data.outboundId,
      changed.data.status,
      changed.data.errorCode,
      changed.data.reason ?? null,
    );
  }
}
