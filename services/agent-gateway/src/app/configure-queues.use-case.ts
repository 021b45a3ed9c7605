import { Inject, Injectable } from '@nestjs/common';
import { queries, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type QueueList = ResponseOf<typeof queries.listQueues>;
export type Queue = ResponseOf<typeof queries.createQueue>;
export type CreateQueue = RequestOf<typeof queries.createQueue>;
export type UpdateQueue = RequestOf<typeof queries.updateQueue>;
export type OrderQueues = RequestOf<typeof queries.orderQueues>;

/**
 * SPEC W2, W5, W7: an admin's queues. Routing owns them and validates every field, the condition
 * and the schedule included, so its refusals (400 QUEUE_INVALID with each error's path, 404, 409)
 * reach the admin as it gives them. Who may ask is checked before (RoleGuard).
 */
@Injectable()
export class ConfigureQueuesUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  list(): Promise<QueueList> {
    return askOwner(this.runtime, queries.listQueues, {});
  }

  /** Idempotent by the caller's id: creating again with the same id answers the queue it made. */
  create(request: CreateQueue): Promise<Queue> {
    return askOwner(this.runtime, queries.createQueue, request);
  }

  update(request: UpdateQueue): Promise<Queue> {
    return askOwner(this.runtime, queries.updateQueue, request);
  }

  order(request: OrderQueues): Promise<QueueList> {
    return askOwner(this.runtime, queries.orderQueues, request);
  }
}
