import { Inject, Injectable } from '@nestjs/common';
import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type Presence = RequestOf<typeof queries.setAgentPresence>['presence'];
export type PresenceAnswer = ResponseOf<typeof queries.setAgentPresence>;

/** Routing owns presence (SPEC W3); the agent gets routing's answer once it is committed. */
@Injectable()
export class SetPresenceUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(agentId: string, presence: Presence): Promise<PresenceAnswer> {
    return askOwner(this.runtime, queries.setAgentPresence, { agentId, presence });
  }
}
