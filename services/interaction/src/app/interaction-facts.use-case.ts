import type { queries, RequestOf, ResponseOf } from '@threadline/contracts';
import type { DataSource } from 'typeorm';
import { interactionFacts } from '../domain/interaction-facts';
import { InteractionRepository } from '../infra/interaction.repository';

type InteractionFacts = typeof queries.interactionFacts;

/**
 * SPEC M4: a conversation as a messaging action's filter sees it when its timer falls due, read
 * from the interaction's row at the time of asking (never a copy that could be behind). The timer
 * service asks; routing answers `queueId` separately.
 */
export class InteractionFactsUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(request: RequestOf<InteractionFacts>): Promise<ResponseOf<InteractionFacts>> {
    const stored = await new InteractionRepository(this.dataSource.manager).findFacts(request.interactionId);
    if (!stored) return { found: false, state: null, assigneeId: null, facts: {} };
    return {
      found: true,
      state: stored.state,
      assigneeId: stored.assigneeId,
      facts: interactionFacts(stored),
    };
  }
}
