import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { GUEST_USER_ID } from '../domain/guest-user';
import { type CurrentProfile, resolveRequester } from '../domain/resolve-requester';
import { ProfileRepository } from '../infra/profile.repository';

/**
 * Resolves the requester behind an inbound SMS and announces it with the message, in the
 * consumer's transaction. Safe under concurrency: when two first messages of one number race,
 * one creates the profile and the other uses it.
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
    const users = await repository.activeUsersWithNumber(address);
    let resolution = resolveRequester(users, await repository.activeProfile('sms', address));
    let profile: CurrentProfile | null;
    if (resolution.kind === 'create_profile') {
      profile = await repository.createProfile('sms', address, resolution.userId);
      if (profile === null) {
        // Lost the race for the one active profile: decide again against the winner's.
        resolution = resolveRequester(users, await repository.activeProfile('sms', address));
        if (resolution.kind !== 'use_profile')
          throw new Error(`no active profile after a conflict on insert`);
        profile = resolution.profile;
      }
    } else {
      profile = resolution.profile;
    }
    logger.debug({ rule: resolution.rule, profileId: profile.profileId }, 'requester resolved');
    await this.outbox.add(manager, [
      createEnvelope(
        'profile.requester.resolved.v1',
        {
          profileId: profile.profileId,
          address,
          userId: profile.userId,
          requesterUserId: profile.userId ?? GUEST_USER_ID,
          identityConflict: resolution.identityConflict,
          message: inbound.data,
        },
        { causationId: inbound.id },
      ),
    ]);
  }
}
