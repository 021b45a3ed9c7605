import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CONFIG, LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import { ReportPresenceUseCase } from '../../app/report-presence.use-case';
import type { AgentGatewayConfig } from '../../config';
import { AgentSockets } from './agent-sockets';

/**
 * SPEC W3: an agent with a WebSocket open counts as present. Every
 * AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS this replica names its connected agents to routing (each
 * replica its own: the sockets are spread over them), and names an agent at once when a socket
 * of theirs opens, so they need not wait a whole interval. A heartbeat that fails is only
 * logged: the next tick sends the agents again.
 */
@Injectable()
export class PresenceHeartbeats implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  /** The periodic heartbeat in flight: a slow routing must not pile ticks up. */
  private ticking?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly sockets: AgentSockets,
    private readonly reportPresence: ReportPresenceUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.sockets.onAgentConnected((agentId) => void this.report([agentId]));
    this.timer = setInterval(() => this.tick(), this.config.AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  /** No heartbeat starts after this; those in flight finish before NATS closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private tick(): void {
    if (this.ticking) return;
    const agentIds = this.sockets.connectedAgentIds();
    if (agentIds.length === 0) return;
    this.ticking = this.report(agentIds).finally(() => (this.ticking = undefined));
  }

  private report(agentIds: string[]): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const heartbeat = this.reportPresence.execute(agentIds).then(
      () => undefined,
      (error: unknown) =>
        this.logger.warn(
          { err: error, agents: agentIds.length },
          'presence heartbeat to routing failed; the next one sends these agents again',
        ),
    );
    this.inFlight.add(heartbeat);
    void heartbeat.finally(() => this.inFlight.delete(heartbeat));
    return heartbeat;
  }
}
