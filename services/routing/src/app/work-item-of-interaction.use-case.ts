import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import type { DataSource } from 'typeorm';
import { RoutingRepository } from '../infra/routing.repository';

type WorkItemOfInteraction = typeof queries.workItemOfInteraction;

/**
 * SPEC M4: the queue a conversation waits in or was taken from, for messaging-action filters that
 * test `queueId`: its latest work item (the open one, else the newest), read as it is now.
 */
export class WorkItemOfInteractionUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(request: RequestOf<WorkItemOfInteraction>): Promise<ResponseOf<WorkItemOfInteraction>> {
    const item = await new RoutingRepository(this.dataSource.manager).latestItemOf(request.interactionId);
    if (!item) return { workItem: null };
    return {
      workItem: {
        workItemId: item.id,
        queueId: item.queueId,
        queueName: item.queueName,
        agentId: item.agentId,
        open: item.open,
      },
    };
  }
}
