import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import { requeueOffered } from './requeue';

/** Expired offers taken back per transaction; more wait for the next sweep. */
const BATCH = 100;

/**
 * SPEC W6: an offer nobody answered by its deadline. The item goes back to the queue (its offer
 * count stays, it keeps its age), the agent moves to the configured presence, and the item is
 * offered again at once if someone has room. The deadline is a column, so a restart loses and
 * doubles nothing: the next sweep of any replica finds what is due (`FOR UPDATE SKIP LOCKED`).
 */
export class ExpireOffersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly dispatcher: Dispatcher,
    private readonly timeoutPresence: string,
  ) {}

  /** Takes back what is due; answers how many offers expired. */
  sweep(logger: Logger): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new RoutingRepository(manager);
      const expired = await repository.lockExpiredOffers(BATCH);
      for (const item of expired) {
        await requeueOffered(manager, this.outbox, item, 'offer_expired', null);
        await repository.movePresence(item.agentId!, this.timeoutPresence);
        logger.info({ workItemId: item.id, agentId: item.agentId }, 'offer timed out; back in the queue');
      }
      if (expired.length > 0) await this.dispatcher.dispatch(manager);
      return expired.length;
    });
  }
}
