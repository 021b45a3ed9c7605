import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { stateAfterAssignment } from '../domain/interaction-state';
import { InteractionRepository } from '../infra/interaction.repository';

/** Routing assigned the interaction to an agent (SPEC W6): it becomes theirs, `work_in_progress`. */
export class RecordAssignmentUseCase {
  constructor(private readonly outbox: Outbox) {}

  async execute(
    assigned: EnvelopeOf<'routing.workitem.assigned.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const repository = new InteractionRepository(manager);
    const interaction = await repository.lockById(assigned.data.interactionId);
    if (!interaction) throw new Error(`interaction ${assigned.data.interactionId} is not known (yet)`);
    const next = stateAfterAssignment(interaction.state);
    if (next === null) {
      logger.warn({ interactionId: interaction.id }, 'assignment of an ended interaction ignored');
      return;
    }
    if (next === interaction.state && interaction.assigneeId === assigned.data.agentId) return;
    await repository.assign(interaction.id, next, assigned.data.agentId);
    await this.outbox.add(manager, [
      createEnvelope(
        'interaction.conversation.state-changed.v1',
        {
          interactionId: interaction.id,
          from: interaction.state,
          to: next,
          assigneeId: assigned.data.agentId,
        },
        { correlationId: interaction.id, causationId: assigned.id },
      ),
    ]);
  }
}
