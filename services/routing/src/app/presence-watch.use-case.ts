import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { OFFLINE } from '../domain/presence';
import { RoutingRepository } from '../infra/routing.repository';
import type { SetPresenceUseCase } from './set-presence.use-case';

/** Silent agents taken offline per sweep; more wait for the next one. */
const BATCH = 100;

/**
 * SPEC W3: heartbeats keep an agent's presence (agent-gateway reports every agent with an open
 * socket, and agents may send one); an agent silent past the timeout goes offline, which gives
 * back their pending offers (W9).
 */
export class PresenceWatchUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly setPresence: SetPresenceUseCase,
    private readonly timeoutSeconds: number,
  ) {}

  async heartbeat(
    request: RequestOf<typeof queries.heartbeat>,
  ): Promise<ResponseOf<typeof queries.heartbeat>> {
    const ids = [...new Set(request.agentIds)];
    return { seen: await new RoutingRepository(this.dataSource.manager).recordHeartbeat(ids) };
  }

  /** Takes silent agents offline; answers how many. */
  async sweep(logger: Logger, now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.timeoutSeconds * 1_000);
    const silent = await new RoutingRepository(this.dataSource.manager).silentAgents(before, BATCH);
    let taken = 0;
    for (const agentId of silent) {
      const wentOffline = await this.dataSource.transaction(async (manager) => {
        const repository = new RoutingRepository(manager);
        await repository.lockAgent(agentId);
        // A heartbeat may have arrived since the list was read.
        if (!(await repository.isSilentSince(agentId, before))) return false;
        await this.setPresence.apply(manager, agentId, OFFLINE);
        return true;
      });
      if (wentOffline) {
        taken++;
        logger.info({ agentId }, 'agent silent past the heartbeat timeout; now offline');
      }
    }
    return taken;
  }
}
