import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CONFIG, contextFromHeaders, currentTraceHeaders, LOGGER, REDIS } from '@threadline/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgentGatewayConfig } from '../../config';
import type { Push } from '../../domain/push-routing';
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

/**
 * Fans pushes out to every replica over Redis pub/sub: the agent's socket may be on any of
 * them. At most once: a push lost while Redis is away is made up for by the read model,
 * which clients reload when they reconnect.
 */
@Injectable()
export class AgentEventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly channel: string;
  private subscriber?: Redis;

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
    subscriber.on('ready', () => {
      warned = false;
    });
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.deliver(text);
    });
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /**
   * Publishes each push under a `push <type>` span, a child of `origin` (the consumer that
   * caused it), and carries that span's trace context so delivery joins the same trace.
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
        throw error;
      } finally {
        span.end();
      }
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
