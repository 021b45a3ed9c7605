import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { type Actor, LIFECYCLE_DEFAULTS, transition } from '../domain/interaction-transition';
import { InteractionRepository } from '../infra/interaction.repository';

const ROUTING = { kind: 'system', id: null } as const satisfies Actor;

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
    const { agentId } = assigned.data;
    if (interaction.state === 'work_in_progress' && interaction.assigneeId === agentId) return;
    const result = transition(interaction.state, { type: 'assign', agentId }, ROUTING, {
      ...LIFECYCLE_DEFAULTS,
      now: new Date(),
    });
    if (!result.ok) {
      // Routing's view lags ours: the conversation ended, or was assigned or held meanwhile.
      logger.warn(
        { interactionId: interaction.id, code: result.code },
        `assignment ignored: ${result.message}`,
      );
      return;
    }
    await repository.assign(interaction.id, result.to, agentId);
    await this.outbox.add(manager, [
      createEnvelope(
        'interaction.conversation.state-changed.v1',
        {
          interactionId: interaction.id,
          from: interaction.state,
          to: result.to,
          assigneeId: agentId,
          cause: result.cause,
          actor: ROUTING,
        },
        { correlationId: interaction.id, causationId: assigned.id },
      ),
    ]);
  }
}
