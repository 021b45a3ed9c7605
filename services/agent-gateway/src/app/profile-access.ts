import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { AppError, DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { mayAccessProfile } from '../domain/profile-access';
import { ConversationViewRepository } from '../infra/database/conversation-view.repository';
import { askOwner } from './ask-owner';
import { AgentErrorCodes } from './error-codes';

export type MessagingProfile = ResponseOf<typeof queries.getProfile>;

/**
 * SPEC P5: who may see a messaging profile, its history, and correct it. Profile tells us the
 * profile's number (its 404 stays a 404); our read model tells us whether the agent holds an
 * open interaction of that number. The read model may lag an assignment by a moment: an agent
 * who has just accepted may need to try again.
 */
@Injectable()
export class ProfileAccess {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly conversations: ConversationViewRepository,
  ) {}

  /** The profile, once the agent may see and correct it; else 403 PROFILE_ACCESS_DENIED. */
  async profileFor(agent: AuthenticatedAgent, profileId: string): Promise<MessagingProfile> {
    const profile = await askOwner(this.runtime, queries.getProfile, { profileId });
    const conversations = await this.conversations.assignedWithRequester(
      this.dataSource.manager,
      agent.id,
      profile.address,
    );
    if (!mayAccessProfile(agent, profile.address, conversations)) {
      throw new AppError(
        AgentErrorCodes.PROFILE_ACCESS_DENIED,
        403,
        'only managers, admins and the agent holding an open interaction of its number may see or correct this profile',
      );
    }
    return profile;
  }
}
