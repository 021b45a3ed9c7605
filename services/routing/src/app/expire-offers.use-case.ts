import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { receivesWorkOn } from '../domain/presence';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import { giveBackOffers, requeueOffered } from './requeue';
import type { RoutingMetrics } from './routing-metrics';
import type { RoutingSettings } from './routing-settings';

/** Expired offers looked at per sweep; more wait for the next one. */
const BATCH = 100;

/**
 * SPEC W6: an offer nobody answered by its deadline. The item goes back to the queue (its offer
 * count stays, it keeps its age), the agent moves to the queue's (or the service's) timeout
 * presence (giving back their other offers when it receives no work, W9), and the item is
 * offered again at once if someone has room. The deadline is a column,
 * so a restart loses and doubles nothing: the next sweep of any replica finds what is due. Each
 * offer is taken back in a transaction of its own, locking the agent and then the item like
 * every other agent-and-item change.
 */
export class ExpireOffersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly dispatcher: Dispatcher,
    private readonly settings: RoutingSettings,
    private readonly timeoutPresence: string,
    private readonly metrics: RoutingMetrics,
  ) {}

  /** Takes back what is due; answers how many offers expired. */
  async sweep(logger: Logger): Promise<number> {
    const due = await new RoutingRepository(this.dataSource.manager).expiredOffers(BATCH);
    let expired = 0;
    for (const offer of due) if (await this.expire(offer, logger)) expired++;
    return expired;
  }

  private expire(offer: { id: string; agentId: string }, logger: Logger): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new RoutingRepository(manager);
      await repository.lockAgent(offer.agentId);
      const item = await repository.tryLockItem(offer.id);
      // Accepted, rejected or taken back meanwhile, or another replica is on it.
      const stillDue =
        item?.state === 'offered' &&
        item.agentId === offer.agentId &&
        item.offerExpiresAt !== null &&
        item.offerExpiresAt.getTime() <= Date.now();
      if (!stillDue) return false;
      const queued = await requeueOffered(manager, this.outbox, item, 'offer_expired', null);
      const settings = await this.settings.get(manager);
      const queue = settings.queues.find((q) => q.id === item.queueId);
      const presence = queue?.offerTimeoutPresence ?? this.timeoutPresence;
      await repository.movePresence(offer.agentId, presence);
      this.metrics.timedOut(queued.data.queueName);
      logger.info({ workItemId: item.id, agentId: offer.agentId }, 'offer timed out; back in the queue');
      // SPEC W9: moved to a state that receives no work, the agent gives back their other offers
      // too. What they hold stays theirs even with reassignment on: one missed offer does not
      // take their conversations away.
      const state = settings.presence.get(presence);
      const givenBack =
        state && receivesWorkOn(state, 'sms')
          ? 0
          : await giveBackOffers(manager, this.outbox, this.metrics, offer.agentId, queued.id);
      await this.dispatcher.dispatch(manager, {
        causationId: queued.id,
        ...(givenBack > 0 ? {} : { queueIds: [item.queueId] }),
      });
      return true;
    });
  }
}
