import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { InteractionRepository } from '../infra/interaction.repository';

/**
 * SPEC P5: an agent corrected who is behind a messaging profile. Its open interactions show
 * the new requester from now on (later ones follow by themselves: they are resolved against
 * the corrected profile), and each change is announced so the agents' views update.
 */
export class FollowProfileUseCase {
  constructor(private readonly outbox: Outbox) {}

  async execute(
    changed: EnvelopeOf<'profile.messaging-profile.reassociated.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const { profileId, requesterUserId, auditId } = changed.data;
    const followed = await new InteractionRepository(manager).followProfile(
      profileId,
      requesterUserId,
      auditId,
    );
    if (followed.length === 0) return;
    logger.info(
      { profileId, auditId, interactions: followed.length },
      'interactions follow a corrected profile',
    );
    await this.outbox.add(
      manager,
      followed.map((interaction) =>
        createEnvelope(
          'interaction.conversation.requester-changed.v1',
          {
            interactionId: interaction.id,
            profileId,
            requesterAddress: interaction.requesterAddress,
            requesterUserId,
            identityConflict: false,
            identityConflictReason: null,
            auditId,
          },
          { correlationId: interaction.id, causationId: changed.id },
        ),
      ),
    );
  }
}
