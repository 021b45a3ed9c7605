import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { refuseOfferAnswer } from '../domain/accept-offer';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import { requeueOffered } from './requeue';
import type { RoutingMetrics } from './routing-metrics';

type RejectOffer = typeof queries.rejectOffer;

/**
 * SPEC W6: the offered agent turns the offer down. The item waits again with its age, is never
 * offered to that agent again, and is offered to someone else at once if anyone has room.
 */
export class RejectOfferUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly dispatcher: Dispatcher,
    private readonly metrics: RoutingMetrics,
  ) {}

  execute(request: RequestOf<RejectOffer>, logger: Logger): Promise<ResponseOf<RejectOffer>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new RoutingRepository(manager);
      await repository.lockAgent(request.agentId);
      const item = await repository.lockItem(request.workItemId);
      const refusal = refuseOfferAnswer(item, request.agentId, new Date());
      if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
      const queued = await requeueOffered(manager, this.outbox, item!, 'offer_rejected', null);
      this.metrics.rejected(queued.data.queueName);
      logger.info(
        { workItemId: item!.id, agentId: request.agentId, reason: request.reason },
        'offer rejected; back in the queue',
      );
      await this.dispatcher.dispatch(manager, { causationId: queued.id, queueIds: [item!.queueId] });
      return {
        workItemId: item!.id,
        interactionId: item!.interactionId,
        queued: { eventId: queued.id, occurredAt: queued.occurredAt, data: queued.data },
      };
    });
  }
}
