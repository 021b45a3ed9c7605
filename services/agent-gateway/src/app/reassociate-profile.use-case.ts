import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { AuthenticatedAgent } from '../domain/agent';
import { profileActorOf } from '../domain/profile-access';
import { askOwner } from './ask-owner';
import { ProfileAccess } from './profile-access';

export type ProfileChange = ResponseOf<typeof queries.reassociateProfile>;

export interface ReassociateProfileCommand {
  profileId: string;
  /** The directory user the profile should point to; null makes it a guest profile. */
  userId: string | null;
  reason: string;
}

/**
 * SPEC P5: an agent points a profile at the right user (or at the guest). Profile applies and
 * audits it, and the open interaction follows through its requester-changed event.
 */
@Injectable()
export class ReassociateProfileUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly access: ProfileAccess,
  ) {}

  async execute(agent: AuthenticatedAgent, command: ReassociateProfileCommand): Promise<ProfileChange> {
    await this.access.profileFor(agent, command.profileId);
    return askOwner(this.runtime, queries.reassociateProfile, {
      profileId: command.profileId,
      userId: command.userId,
      reason: command.reason,
      actor: profileActorOf(agent),
    });
  }
}
