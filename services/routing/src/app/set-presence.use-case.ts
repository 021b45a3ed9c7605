import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { DEFAULT_QUEUE_ID } from '../domain/default-queue';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import { requeueOffered } from './requeue';

type SetPresence = typeof queries.setAgentPresence;

/**
 * An agent's presence (SPEC W3, set explicitly for now; heartbeats are roadmap 2). Becoming
 * available may bring waiting work at once; leaving returns pending offers to the queue (W9).
 * Every agent is a member of the one queue.
 */
export class SetPresenceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: Dispatcher,
    private readonly defaultCapacity: number,
    private readonly outbox: Outbox,
  ) {}

  execute(request: RequestOf<SetPresence>): Promise<ResponseOf<SetPresence>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new RoutingRepository(manager);
      const capacity = await repository.setPresence(request.agentId, request.presence, this.defaultCapacity);
      await repository.joinQueue(DEFAULT_QUEUE_ID, request.agentId);
      if (request.presence === 'available') {
        await this.dispatcher.dispatch(manager);
      } else {
        // SPEC W9: pending offers go back to the queue (and on to someone available); the work
        // the agent holds stays theirs.
        const offered = await repository.lockOfferedTo(request.agentId);
        for (const item of offered)
          await requeueOffered(manager, this.outbox, item, 'agent_unavailable', null);
        if (offered.length > 0) await this.dispatcher.dispatch(manager);
      }
      return {
        agentId: request.agentId,
        presence: request.presence,
        capacity,
        load: await repository.load(request.agentId),
      };
    });
  }
}
