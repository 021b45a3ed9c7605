import { createEnvelope } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { chooseAgent } from '../domain/choose-agent';
import { RoutingRepository } from '../infra/routing.repository';

/** Items looked at per queue and pass; more wait for the next trigger. */
const BATCH = 200;

/**
 * Offers waiting work items to available agents with room for them (SPEC W4, W5, W8), in the
 * caller's transaction: whoever changes what routing depends on (a new item, an agent
 * becoming available) dispatches before committing.
 */
export class Dispatcher {
  constructor(
    private readonly outbox: Outbox,
    private readonly offerTimeoutSeconds: number,
  ) {}

  async dispatch(manager: EntityManager, causationId: string | null = null): Promise<number> {
    const repository = new RoutingRepository(manager);
    await repository.lockDispatch();
    let offers = 0;
    for (const queue of await repository.activeQueues()) {
      const candidates = await repository.candidates(queue.id);
      if (candidates.length === 0) continue;
      for (const item of await repository.waiting(queue.id, BATCH)) {
        const agentId = chooseAgent(
          candidates,
          queue.rule,
          item.size,
          item.rejectedBy,
          item.preferredAgentId,
        );
        if (agentId === null) continue;
        const expiresAt = new Date(Date.now() + this.offerTimeoutSeconds * 1_000);
        await repository.offer(item.id, agentId, expiresAt);
        candidates.find((candidate) => candidate.agentId === agentId)!.load += item.size;
        await this.outbox.add(manager, [
          createEnvelope(
            'routing.offer.created.v1',
            {
              workItemId: item.id,
              interactionId: item.interactionId,
              agentId,
              expiresAt: expiresAt.toISOString(),
            },
            { correlationId: item.interactionId, causationId },
          ),
        ]);
        offers++;
      }
    }
    return offers;
  }
}
