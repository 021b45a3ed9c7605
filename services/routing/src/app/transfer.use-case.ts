import type { EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { placeTransfer } from '../domain/transfer';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';
import { announceTransferred } from './requeue';
import type { RoutingSettings } from './routing-settings';

/**
 * SPEC W10: an agent (or a manager) transferred the conversation; interaction has already made it
 * nobody's. Routing treats it as a new offer: its work item waits in the target queue, or in its
 * own queue reserved for the named agent, keeping its age (W8), and is offered at once if someone
 * can take it. The transferring agent's capacity is free from now on, and they are never offered
 * it back unless they are the named agent.
 *
 * The command names the transfer's state change: an item that already applied that change or a
 * later one (the conversation ended since, say) is left alone, as is an interaction with no open item.
 */
export class TransferUseCase {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly outbox: Outbox,
    private readonly settings: RoutingSettings,
  ) {}

  async execute(
    command: EnvelopeOf<'routing.workitem.transfer.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const { interactionId, to, stateEventId } = command.data;
    const repository = new RoutingRepository(manager);
    // Takes turns with an enqueue or state change of the same interaction, like they do with each other.
    await repository.lockInteraction(interactionId);
    const item = await repository.lockOpenItemOf(interactionId);
    if (!item) {
      logger.info({ interactionId }, 'transfer ignored: the interaction has no open work item');
      return;
    }
    const settings = await this.settings.get(manager);
    const placement = placeTransfer(
      command.data,
      item,
      settings.queues.map((queue) => queue.id),
    );
    if (!placement) {
      logger.info(
        { interactionId, stateEventId, itemStateEventId: item.stateEventId },
        'transfer ignored: the work item already follows this state change or a later one',
      );
      return;
    }
    if (placement.unknownQueue) {
      logger.warn(
        { interactionId, queueId: 'queueId' in to ? to.queueId : null },
        'transfer to an unknown queue; the conversation waits in its own queue instead',
      );
    }
    const { queueId, reservedFor, excluded } = placement;
    const moved = await repository.transferItem(item.id, { queueId, reservedFor, excluded, stateEventId });
    const queued = await announceTransferred(manager, this.outbox, moved, command.id);
    logger.info(
      { interactionId, workItemId: item.id, queueId, reservedFor, from: item.agentId },
      'work item transferred; offered anew',
    );
    // The transferring agent's room is free too: their queues may have work for them now.
    await this.dispatcher.dispatch(manager, {
      causationId: queued.id,
      ...(item.agentId === null ? { queueIds: [queueId] } : {}),
    });
  }
}
