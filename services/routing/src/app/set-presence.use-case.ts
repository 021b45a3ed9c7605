import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { effectiveCapacity } from '../domain/capacity';
import { receivesWorkOn } from '../domain/presence';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import { giveBackOffers, requeueAssigned } from './requeue';
import type { RoutingMetrics } from './routing-metrics';
import type { RoutingSettings } from './routing-settings';

type SetPresence = typeof queries.setAgentPresence;

/**
 * An agent's presence (SPEC W3): one of the configured states. Entering a state that receives
 * work may bring waiting work at once; leaving one returns pending offers to the queue (W9), and
 * the work they hold too when reassignment on unavailability is enabled. Locks the agent, then
 * their items.
 */
export class SetPresenceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: Dispatcher,
    private readonly settings: RoutingSettings,
    private readonly outbox: Outbox,
    private readonly metrics: RoutingMetrics,
    private readonly reassignOnUnavailable: boolean,
  ) {}

  execute(request: RequestOf<SetPresence>): Promise<ResponseOf<SetPresence>> {
    return this.dataSource.transaction((manager) => this.apply(manager, request.agentId, request.presence));
  }

  /** In the caller's transaction: also how a silent agent is taken offline (W3). */
  async apply(manager: EntityManager, agentId: string, presence: string): Promise<ResponseOf<SetPresence>> {
    const repository = new RoutingRepository(manager);
    const settings = await this.settings.get(manager);
    const changed = await repository.setPresence(agentId, presence);
    if (changed === null) {
      throw new AppError('PRESENCE_UNKNOWN', 400, `there is no presence state "${presence}"`, {
        known: [...settings.presence.keys()],
      });
    }
    const state = settings.presence.get(presence);
    if (state && receivesWorkOn(state, 'sms')) {
      await this.dispatcher.dispatch(manager);
    } else {
      // SPEC W9: pending offers go back to the queue (and on to someone available); the work the
      // agent holds stays theirs unless reassignment on unavailability is enabled.
      let returned = await giveBackOffers(manager, this.outbox, this.metrics, agentId);
      if (this.reassignOnUnavailable) {
        for (const item of await repository.lockAssignedTo(agentId)) {
          await requeueAssigned(manager, this.outbox, item);
          returned++;
        }
      }
      if (returned > 0) await this.dispatcher.dispatch(manager);
    }
    const channel = settings.channels.get('sms') ?? { defaultCapacity: 0, itemSize: 1 };
    const load = await repository.candidate(agentId, 'sms', channel.defaultCapacity, true);
    return {
      agentId,
      presence,
      capacity: load ? effectiveCapacity(load) : channel.defaultCapacity,
      load: load?.channelLoad ?? 0,
    };
  }
}
