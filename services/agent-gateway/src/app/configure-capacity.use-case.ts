import { Inject, Injectable } from '@nestjs/common';
import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type ServiceChannels = ResponseOf<typeof queries.listChannels>;
export type ServiceChannel = ResponseOf<typeof queries.updateChannel>;
export type UpdateChannel = RequestOf<typeof queries.updateChannel>;
export type AgentCapacity = RequestOf<typeof queries.setAgentCapacity>;

/**
 * SPEC W1: how much work an agent holds at once: each service channel's default capacity and the
 * size of one of its work items, and an agent's own capacities. Routing owns them.
 */
@Injectable()
export class ConfigureCapacityUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  channels(): Promise<ServiceChannels> {
    return askOwner(this.runtime, queries.listChannels, {});
  }

  updateChannel(request: UpdateChannel): Promise<ServiceChannel> {
    return askOwner(this.runtime, queries.updateChannel, request);
  }

  setAgentCapacity(request: AgentCapacity): Promise<AgentCapacity> {
    return askOwner(this.runtime, queries.setAgentCapacity, request);
  }
}
