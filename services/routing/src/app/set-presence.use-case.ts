import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import type { DataSource } from 'typeorm';
import { DEFAULT_QUEUE_ID } from '../domain/default-queue';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';

type SetPresence = typeof queries.setAgentPresence;

/**
 * An agent's presence (SPEC W3, set explicitly for now; heartbeats are roadmap 2). Becoming
 * available may bring waiting work at once. Every agent is a member of the one queue.
 */
export class SetPresenceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: Dispatcher,
    private readonly defaultCapacity: number,
  ) {}

  execute(request: RequestOf<SetPresence>): Promise<ResponseOf<SetPresence>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new RoutingRepository(manager);
      const capacity = await repository.setPresence(request.agentId, request.presence, this.defaultCapacity);
      await repository.joinQueue(DEFAULT_QUEUE_ID, request.agentId);
      if (request.presence === 'available') await this.dispatcher.dispatch(manager);
      return {
        agentId: request.agentId,
        presence: request.presence,
        capacity,
        load: await repository.load(request.agentId),
      };
    });
  }
}
