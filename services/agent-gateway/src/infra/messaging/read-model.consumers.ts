import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { EnvelopeOf, Subject } from '@threadline/contracts';
import {
  claimInbox,
  type ConsumerDeclaration,
  CONSUMERS,
  type ConsumerRegistry,
  consumerOf,
  DATA_SOURCE,
  RUNTIME,
  type ServiceRuntime,
} from '@threadline/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { ReadModelProjector } from '../../app/read-model-projector';
import type { Push } from '../../domain/push-routing';
import { AgentEventBus } from '../push/agent-event-bus';

export function readModelConsumer<S extends Subject>(subject: S): ConsumerDeclaration & { filterSubject: S } {
  return consumerOf('agent-gateway', subject, {
    maxAckPending: 256,
    description: `agent-gateway read models from ${subject}`,
  });
}

type Projection<S extends Subject> = (manager: EntityManager, envelope: EnvelopeOf<S>) => Promise<Push[]>;

/**
 * Feeds the read models from other services' events and pushes what changed once committed.
 * An event can also arrive as the answer to a command this gateway sent (read your own writes):
 * {@link applyOwnWrite} projects it at once, through the same projection, and marks it handled
 * for the consumer, so its later delivery from the stream changes and pushes nothing.
 */
@Injectable()
export class ReadModelConsumers implements OnModuleInit {
  private readonly projections = new Map<Subject, Projection<Subject>>();

  constructor(
    @Inject(CONSUMERS) private readonly registry: ConsumerRegistry,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly projector: ReadModelProjector,
    private readonly bus: AgentEventBus,
  ) {}

  onModuleInit(): void {
    const p = this.projector;
    this.consume('interaction.conversation.created.v1', (m, e) => p.conversationCreated(m, e));
    this.consume('interaction.message.appended.v1', (m, e) => p.messageAppended(m, e));
    this.consume('interaction.conversation.state-changed.v1', (m, e) => p.stateChanged(m, e));
    this.consume('interaction.conversation.requester-changed.v1', (m, e) => p.requesterChanged(m, e));
    this.consume('routing.offer.created.v1', (m, e) => p.offerCreated(m, e));
    this.consume('routing.workitem.assigned.v1', (m, e) => p.workItemAssigned(m, e));
    this.consume('routing.workitem.queued.v1', (m, e) => p.workItemQueued(m, e));
    this.consume('routing.workitem.closed.v1', (m, e) => p.workItemClosed(m, e));
    this.consume('sms.outbound.status-changed.v1', (m, e) => p.deliveryStatusChanged(m, e));
    this.consume('interaction.requester.opt-out-changed.v1', (m, e) => p.optOutChanged(m, e));
  }

  /** Projects an event committed by the command this request just sent, before answering it. */
  async applyOwnWrite<S extends Subject>(subject: S, envelope: EnvelopeOf<S>): Promise<void> {
    const project = this.projections.get(subject) as Projection<S> | undefined;
    if (!project) throw new Error(`no read-model projection for ${subject}`);
    const durable = readModelConsumer(subject).durable;
    const pushes = await this.dataSource.transaction(async (manager) =>
      (await claimInbox(manager, this.runtime.definition.schema, durable, envelope.id))
        ? project(manager, envelope)
        : [],
    );
    if (pushes.length > 0) await this.bus.publish(pushes, context.active());
  }

  private consume<S extends Subject>(subject: S, project: Projection<S>): void {
    this.projections.set(subject, project as unknown as Projection<Subject>);
    this.registry.register({
      declaration: readModelConsumer(subject),
      handler: async (envelope, handling) => {
        const pushes = await project(handling.manager, envelope);
        if (pushes.length === 0) return;
        // The consumer's span, so the push joins the trace of the event that caused it.
        const origin = context.active();
        handling.afterCommit(() => this.bus.publish(pushes, origin));
      },
    });
  }
}
