import { Inject, Injectable } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { AuthenticatedAgent } from '../domain/agent';
import { profileActorOf } from '../domain/profile-access';
import { askOwner } from './ask-owner';
import { ProfileAccess } from './profile-access';
import type { ProfileChange } from './reassociate-profile.use-case';

export interface UndoProfileChangeCommand {
  profileId: string;
  auditId: string;
  reason: string;
}

/** SPEC P5: a correction can be undone; the undo is itself an audited change. */
@Injectable()
export class UndoProfileChangeUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly access: ProfileAccess,
  ) {}

  async execute(agent: AuthenticatedAgent, command: UndoProfileChangeCommand): Promise<ProfileChange> {
    await this.access.profileFor(agent, command.profileId);
    return askOwner(this.runtime, queries.undoProfileChange, {
      profileId: command.profileId,
      auditId: command.auditId,
      reason: command.reason,
      actor: profileActorOf(agent),
    });
  }
}
