import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type RoutingOverview = ResponseOf<typeof queries.routingOverview>;

/**
 * A manager's live read of routing: each queue's backlog and oldest wait, and each agent's
 * presence, load and capacity. Asked of routing each time: it changes with every offer.
 */
@Injectable()
export class RoutingOverviewUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(): Promise<RoutingOverview> {
    return askOwner(this.runtime, queries.routingOverview, {});
  }
}
