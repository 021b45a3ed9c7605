import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { AuthenticatedAgent } from '../domain/agent';
import { askOwner } from './ask-owner';
import { ProfileAccess } from './profile-access';

export type ProfileHistory = ResponseOf<typeof queries.profileHistory>;

/** SPEC P5: the audit trail of a profile (who, when, from, to), newest first. */
@Injectable()
export class ProfileHistoryUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly access: ProfileAccess,
  ) {}

  async execute(agent: AuthenticatedAgent, profileId: string): Promise<ProfileHistory> {
    await this.access.profileFor(agent, profileId);
    return askOwner(this.runtime, queries.profileHistory, { profileId });
  }
}
