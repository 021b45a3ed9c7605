import { createEnvelope, type queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { refuseAccept } from '../domain/accept-offer';
import { RoutingRepository } from '../infra/routing.repository';
import type { RoutingMetrics } from './routing-metrics';

type AcceptOffer = typeof queries.acceptOffer;

/**
 * SPEC W6: the offered agent accepts; the work item is theirs and the interaction follows.
 * Locks the agent, then the item (the order every agent-and-item transaction keeps).
 */
export class AcceptOfferUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly metrics: RoutingMetrics,
  ) {}

  execute(request: RequestOf<AcceptOffer>): Promise<ResponseOf<AcceptOffer>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new RoutingRepository(manager);
      await repository.lockAgent(request.agentId);
      const item = await repository.lockItem(request.workItemId);
      const refusal = refuseAccept(item, request.agentId);
      if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
      await repository.assign(item!.id, request.agentId);
      this.metrics.accepted(await repository.queueName(item!.queueId));
      const assigned = createEnvelope(
        'routing.workitem.assigned.v1',
        { workItemId: item!.id, interactionId: item!.interactionId, agentId: request.agentId },
        { correlationId: item!.interactionId },
      );
      await this.outbox.add(manager, [assigned]);
      return {
        ...assigned.data,
        assignedEvent: { eventId: assigned.id, occurredAt: assigned.occurredAt },
      };
    });
  }
}
