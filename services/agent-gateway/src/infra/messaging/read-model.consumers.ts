import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { EnvelopeOf, Subject } from '@threadline/contracts';
import { type ConsumerDeclaration, CONSUMERS, type ConsumerRegistry, consumerOf } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
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

/** Feeds the read models from other services' events and pushes what changed once committed. */
@Injectable()
export class ReadModelConsumers implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly registry: ConsumerRegistry,
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
  }

  private consume<S extends Subject>(subject: S, project: Projection<S>): void {
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
