import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { DATA_SOURCE, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import type { AuthenticatedAgent } from '../domain/agent';
import { askOwner } from './ask-owner';
import { ConversationAccess } from './conversation-access';

export type InteractionTimers = ResponseOf<typeof queries.listInteractionTimers>;

/**
 * SPEC M1–M6: a conversation's messaging-action timers, as the timer service keeps them, for
 * whoever may read the conversation's transcript (ConversationAccess); anyone else gets the same
 * 404 as for a conversation that does not exist, and the timer service is not asked.
 */
@Injectable()
export class InteractionTimersUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly access: ConversationAccess,
  ) {}

  async execute(
    agent: Pick<AuthenticatedAgent, 'id' | 'role'>,
    interactionId: string,
    includeHistory: boolean,
  ): Promise<InteractionTimers> {
    // No transaction: nothing is held while the timer service answers.
    await this.access.readable(this.dataSource.manager, agent, interactionId);
    return askOwner(this.runtime, queries.listInteractionTimers, { interactionId, includeHistory });
  }
}
