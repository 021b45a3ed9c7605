import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { followInteraction } from '../domain/follow-interaction';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';

/**
 * A conversation changed state; its work item follows. Ending it closes the item, and putting
 * it on hold stops it counting against the agent's capacity (SPEC W4): either frees room, so
 * waiting work is offered at once, in the same transaction.
 */
export class FollowInteractionUseCase {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    changed: EnvelopeOf<'interaction.conversation.state-changed.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new RoutingRepository(manager);
    const { interactionId, to } = changed.data;
    // An enqueue of the same interaction in flight finishes first, so its item is seen (and closed).
    await repository.lockInteraction(interactionId);
    if (to === 'closed_complete' || to === 'closed_abandoned') {
      await repository.recordClosure(interactionId, changed.id);
    }
    const item = await repository.lockOpenItemOf(interactionId);
    if (!item) return;
    const followUp = followInteraction(to, changed.id, item.stateEventId);
    switch (followUp) {
      case 'ignore':
        return;
      case 'count':
        await repository.setHeld(item.id, false, changed.id);
        return;
      case 'hold':
        await repository.setHeld(item.id, true, changed.id);
        break;
      case 'close':
        await repository.closeItem(item.id, changed.id);
        await this.outbox.add(manager, [
          createEnvelope(
            'routing.workitem.closed.v1',
            { workItemId: item.id, interactionId, agentId: item.agentId, reason: 'interaction_closed' },
            { correlationId: interactionId, causationId: changed.id },
          ),
        ]);
        logger.info({ interactionId, workItemId: item.id }, 'work item closed; capacity freed');
        break;
    }
    await this.dispatcher.dispatch(manager, { causationId: changed.id });
  }
}
