import { Injectable } from '@nestjs/common';
import type { AuthenticatedAgent } from '../domain/agent';
import { type MessagingProfile, ProfileAccess } from './profile-access';

/** A messaging profile and the directory user it points to, for those who may correct it. */
@Injectable()
export class GetProfileUseCase {
  constructor(private readonly access: ProfileAccess) {}

  execute(agent: AuthenticatedAgent, profileId: string): Promise<MessagingProfile> {
    return this.access.profileFor(agent, profileId);
  }
}
