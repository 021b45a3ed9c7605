import { createEnvelope, type Envelope, type EnvelopeOf, type Subject } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { resolveRequester, type Resolution } from '../domain/resolve-requester';
import { ProfileRepository } from '../infra/profile.repository';

/**
 * Resolves the requester behind an inbound SMS and announces it with the message, in the
 * consumer's transaction. Safe under concurrency and with any number of replicas: when two
 * first messages of one number race, the database lets one create the profile and the other
 * decides again against it.
 */
export class ResolveInboundUseCase {
  constructor(private readonly outbox: Outbox) {}

  async execute(
    inbound: EnvelopeOf<'sms.inbound.received.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new ProfileRepository(manager);
    const address = inbound.data.from;
    const { matches, profile } = await repository.resolutionInputs('sms', address);
    let resolution: Resolution = resolveRequester(matches, profile);
    const events: Array<Envelope<Subject>> = [];
    let profileId: string;
    let userId: string | null;
    let profileChangeId: string | null = null;
    if (resolution.kind === 'create_profile') {
      const created = await repository.createProfile('sms', address, resolution.userId);
      if (created === null) {
        // Lost the race for the one active profile: decide again against the winner's.
        resolution = resolveRequester(matches, (await repository.resolutionInputs('sms', address)).profile);
        if (resolution.kind !== 'use_profile')
          throw new Error(`no active profile after a conflict on insert`);
        ({ profileId, userId } = resolution.profile);
      } else {
        ({ profileId, userId } = created);
        events.push(
          createEnvelope(
            'profile.messaging-profile.created.v1',
            {
              profileId,
              channel: 'sms',
              address,
              userId,
              requesterUserId: resolution.requesterUserId,
              rule: resolution.rule,
              auditId: null,
            },
            { causationId: inbound.id },
          ),
        );
      }
    } else {
      ({ profileId, userId } = resolution.profile);
      profileChangeId = resolution.profile.lastChangeId ?? null;
    }
    logger.debug({ rule: resolution.rule, profileId }, 'requester resolved');
    events.push(
      createEnvelope(
        'profile.requester.resolved.v1',
        {
          profileId,
          address,
          userId,
          requesterUserId: resolution.requesterUserId,
          identityConflict: resolution.identityConflict,
          identityConflictReason: resolution.conflictReason,
          rule: resolution.rule,
          profileChangeId,
          message: inbound.data,
        },
        { causationId: inbound.id },
      ),
    );
    await this.outbox.add(manager, events);
  }
}
