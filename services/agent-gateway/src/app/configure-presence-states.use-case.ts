import { Inject, Injectable } from '@nestjs/common';
import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type PresenceStates = ResponseOf<typeof queries.listPresenceStates>;
export type PresenceState = ResponseOf<typeof queries.putPresenceState>;
export type PutPresenceState = RequestOf<typeof queries.putPresenceState>;

/** SPEC W3: the presence states agents choose from, and whether each receives work. Routing owns them. */
@Injectable()
export class ConfigurePresenceStatesUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  list(): Promise<PresenceStates> {
    return askOwner(this.runtime, queries.listPresenceStates, {});
  }

  /** Creates the state, or changes the one of that name. */
  put(request: PutPresenceState): Promise<PresenceState> {
    return askOwner(this.runtime, queries.putPresenceState, request);
  }
}
