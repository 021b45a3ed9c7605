import { createEnvelope, type EnvelopeOf, isLaterEvent } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { closedSinceEnqueued } from '../domain/follow-interaction';
import { routingFacts } from '../domain/routing-facts';
import { selectQueue } from '../domain/select-queue';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import type { RoutingMetrics } from './routing-metrics';
import type { RoutingSettings } from './routing-settings';

/**
 * A conversation to route: a work item in the first open queue, by order, whose condition
 * matches (else the fallback queue, counted), offered at once if someone is free (SPEC W2).
 */
export class EnqueueUseCase {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly outbox: Outbox,
    private readonly settings: RoutingSettings,
    private readonly metrics: RoutingMetrics,
  ) {}

  async execute(
    command: EnvelopeOf<'routing.workitem.enqueue.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new RoutingRepository(manager);
    const { interactionId } = command.data;
    // A state change of the same interaction (its close) handled meanwhile waits for this one.
    await repository.lockInteraction(interactionId);
    if (closedSinceEnqueued(command.id, await repository.closedEventOf(interactionId))) {
      logger.info({ interactionId }, 'interaction ended before it was routed; not enqueued');
      return;
    }
    const { reopenedBy } = command.data;
    if (reopenedBy) await this.closeItemBeforeReopen(manager, interactionId, reopenedBy, command.id);
    const settings = await this.settings.get(manager);
    const selected = selectQueue(settings.queues, routingFacts(command.data), new Date());
    if (!selected) throw new Error('no queue to route to: the fallback queue is missing');
    const { queue } = selected;
    const channel = settings.channels.get(command.data.channel);
    const id = uuidv7();
    const opened = await repository.enqueue({
      id,
      interactionId,
      queueId: queue.id,
      channel: command.data.channel,
      priority: command.data.priority,
      size: channel?.itemSize ?? 1,
      assignedTo: command.data.assignedTo,
      preferredAgentId: command.data.preferredAgentId,
      stateEventId: reopenedBy,
    });
    if (!opened) {
      logger.info({ interactionId }, 'interaction already has an open work item');
      return;
    }
    const options = { correlationId: interactionId, causationId: command.id };
    if (command.data.assignedTo) {
      // SPEC A1: the agent started it and holds it; it counts against their capacity from now on.
      await this.outbox.add(manager, [
        createEnvelope(
          'routing.workitem.assigned.v1',
          { workItemId: id, interactionId, agentId: command.data.assignedTo },
          options,
        ),
      ]);
      return;
    }
    if (!selected.matched) {
      this.metrics.unmatchedItem(queue.name);
      logger.info({ interactionId, queue: queue.name }, 'no queue condition matched; in the fallback queue');
    }
    await this.outbox.add(manager, [
      createEnvelope(
        'routing.workitem.queued.v1',
        {
          workItemId: id,
          interactionId,
          queueId: queue.id,
          queueName: queue.name,
          priority: command.data.priority,
          // Only a reopened conversation (R4) names the agent who held it before.
          reason: command.data.preferredAgentId ? 'reopened' : 'new',
          enqueuedAt: opened.enqueuedAt.toISOString(),
        },
        options,
      ),
    ]);
    await this.dispatcher.dispatch(manager, { causationId: command.id, queueIds: [queue.id] });
  }

  /**
   * SPEC R4: the conversation closed and reopened, but the close (on the INTERACTION stream) has not
   * reached routing yet, so the item of its previous life is still open. It is closed now, as the
   * close would have, and the new item remembers the reopen, so the late close changes nothing.
   */
  private async closeItemBeforeReopen(
    manager: EntityManager,
    interactionId: string,
    reopenedBy: string,
    causationId: string,
  ): Promise<void> {
    const repository = new RoutingRepository(manager);
    const stale = await repository.lockOpenItemOf(interactionId);
    // Already closed by a state change at least as new as the reopen: nothing of the old life is open.
    if (!stale || !isLaterEvent(reopenedBy, stale.stateEventId)) return;
    await repository.closeItem(stale.id, reopenedBy);
    await this.outbox.add(manager, [
      createEnvelope(
        'routing.workitem.closed.v1',
        { workItemId: stale.id, interactionId, agentId: stale.agentId, reason: 'interaction_closed' },
        { correlationId: interactionId, causationId },
      ),
    ]);
  }
}
