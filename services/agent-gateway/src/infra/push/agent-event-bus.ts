import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  CONFIG,
  contextFromHeaders,
  currentTraceHeaders,
  DEFAULT_BACKOFF,
  LOGGER,
  REDIS,
  retryDelayMs,
} from '@threadline/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgentGatewayConfig } from '../../config';
import type { Push, PushEvent, ResyncReason } from '../../domain/push-routing';
import { AgentSockets } from './agent-sockets';

/** One channel per deployment: test runs (namespaces) sharing a Redis never hear each other. */
export function agentEventsChannel(namespace: string): string {
  return `threadline:${namespace || 'default'}:agent-events`;
}

/** What replicas tell each other: an event, who gets it, and the trace it belongs to. */
const busMessage = z.object({
  agentIds: z.array(z.string().min(1)).min(1),
  event: z.object({ type: z.string().min(1), data: z.unknown(), at: z.string() }),
  trace: z.record(z.string(), z.string()),
});

const tracer = () => trace.getTracer('threadline');

/** Telling agents to resync after a lost push is retried soon, then at most every 10 s. */
const RESYNC_BACKOFF = { ...DEFAULT_BACKOFF, maxMs: 10_000 };

function resyncEvent(reason: ResyncReason): PushEvent<'resync'> {
  return { type: 'resync', data: { reason }, at: new Date().toISOString() };
}

/**
 * Fans pushes out to every replica over Redis pub/sub: the agent's socket may be on any of
 * them. At most once: a push lost while Redis is away is made up for by the read model, which
 * clients reload when they reconnect or are sent `resync`. A socket learns it missed pushes
 * two ways: a publish that failed remembers its agents and, once Redis answers, tells their
 * sockets on every replica to resync; a replica whose subscription dropped tells every socket
 * it holds to resync once it is subscribed again (it may have missed anyone's pushes).
 */
@Injectable()
export class AgentEventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly channel: string;
  private subscriber?: Redis;
  /** Agents whose pushes this replica failed to fan out, to be told to resync. */
  private readonly missedAgents = new Set<string>();
  private resyncTimer?: NodeJS.Timeout;
  private resyncAttempt = 0;
  private closing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: AgentGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly sockets: AgentSockets,
  ) {
    this.channel = agentEventsChannel(config.NATS_NAMESPACE);
  }

  /** A connection of its own: one in subscriber mode can run no other command. */
  async onModuleInit(): Promise<void> {
    const subscriber = this.redis.duplicate({ lazyConnect: true });
    let warned = false;
    subscriber.on('error', (error: Error) => {
      if (!warned) this.logger.warn({ err: error }, 'agent event subscription: Redis error; retrying');
      warned = true;
    });
    let lost = false;
    subscriber.on('close', () => {
      if (this.subscriber && !this.closing) lost = true;
    });
    subscriber.on('ready', () => {
      warned = false;
      if (!lost) return;
      lost = false;
      void this.resubscribed(subscriber);
    });
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.deliver(text);
    });
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    this.closing = true;
    clearTimeout(this.resyncTimer);
    this.subscriber?.disconnect();
  }

  /**
   * Pushes published while the subscription was down never reached this replica's sockets:
   * once it is subscribed again (the answer to SUBSCRIBE proves it), every one is told.
   */
  private async resubscribed(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      this.logger.warn({ err: error }, 'agent event subscription: resubscribing failed; will retry');
      return;
    }
    const agentIds = this.sockets.connectedAgentIds();
    const sockets = this.sockets.send(agentIds, JSON.stringify(resyncEvent('bus-reconnected')));
    this.logger.info({ sockets }, 'agent event subscription restored; sockets told to resync');
  }

  /**
   * Publishes each push under a `push <type>` span, a child of `origin` (the consumer that
   * caused it), and carries that span's trace context so delivery joins the same trace.
   * It never throws: what was committed stays committed, and a push that cannot be fanned
   * out is made up for by a resync of its agents once Redis answers.
   */
  async publish(pushes: readonly Push[], origin: Context = context.active()): Promise<void> {
    for (const push of pushes) {
      const span = tracer().startSpan(
        `push ${push.event.type}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'redis',
            'messaging.destination.name': this.channel,
            'threadline.push.recipients': push.agentIds.length,
          },
        },
        origin,
      );
      try {
        const message = { ...push, trace: currentTraceHeaders(trace.setSpan(origin, span)) };
        await this.redis.publish(this.channel, JSON.stringify(message));
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        this.pushLost(push, error);
      } finally {
        span.end();
      }
    }
  }

  private pushLost(push: Push, error: unknown): void {
    if (this.missedAgents.size === 0) {
      // Once per outage, not per push: while Redis is away every push fails the same way.
      this.logger.warn(
        { err: error, type: push.event.type },
        'agent push could not be fanned out; its agents will be told to resync once Redis answers',
      );
    }
    for (const agentId of push.agentIds) this.missedAgents.add(agentId);
    this.scheduleResync();
  }

  private scheduleResync(): void {
    if (this.resyncTimer !== undefined || this.closing) return;
    this.resyncAttempt += 1;
    this.resyncTimer = setTimeout(
      () => {
        this.resyncTimer = undefined;
        void this.sendResync();
      },
      retryDelayMs(this.resyncAttempt, RESYNC_BACKOFF),
    );
    this.resyncTimer.unref();
  }

  /** Tells the sockets of every agent whose push was lost, on every replica, to resync. */
  private async sendResync(): Promise<void> {
    const agentIds = [...this.missedAgents];
    if (agentIds.length === 0) return;
    this.missedAgents.clear();
    const message = { agentIds, event: resyncEvent('push-lost'), trace: {} };
    try {
      await this.redis.publish(this.channel, JSON.stringify(message));
      this.resyncAttempt = 0;
      this.logger.info({ agents: agentIds.length }, 'agent pushes fan out again; agents told to resync');
    } catch {
      for (const agentId of agentIds) this.missedAgents.add(agentId);
      this.scheduleResync();
    }
  }

  private deliver(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = busMessage.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn({ channel: this.channel }, 'ignoring a malformed agent event');
      return;
    }
    const { agentIds, event } = parsed.data;
    const span = tracer().startSpan(
      `deliver ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'redis', 'messaging.destination.name': this.channel },
      },
      contextFromHeaders(parsed.data.trace),
    );
    try {
      span.setAttribute('threadline.push.sockets', this.sockets.send(agentIds, JSON.stringify(event)));
    } finally {
      span.end();
    }
  }
}
