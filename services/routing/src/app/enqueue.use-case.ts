import type { EnvelopeOf } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { RoutingRepository } from '../infra/routing.repository';
import type { Dispatcher } from './dispatcher';

/** A conversation to route: a work item in the first active queue, offered at once if someone is free. */
export class EnqueueUseCase {
  constructor(private readonly dispatcher: Dispatcher) {}

  async execute(
    command: EnvelopeOf<'routing.workitem.enqueue.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new RoutingRepository(manager);
    // Queue conditions (W2) are roadmap 2: the first active queue takes everything.
    const [queue] = await repository.activeQueues();
    if (!queue) throw new Error('no active queue to route to');
    const opened = await repository.enqueue({
      id: uuidv7(),
      interactionId: command.data.interactionId,
      queueId: queue.id,
      channel: command.data.channel,
      priority: command.data.priority,
    });
    if (!opened) {
      logger.info({ interactionId: command.data.interactionId }, 'interaction already has an open work item');
      return;
    }
    await this.dispatcher.dispatch(manager, command.id);
  }
}
