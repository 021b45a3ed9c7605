import type { EnvelopeOf, queries, RequestOf, ResponseOf } from '@threadline/contracts';
import { AppError, type Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { derivedMessageId } from '../domain/derived-id';
import { type Actor, LIFECYCLE_DEFAULTS, transition } from '../domain/interaction-transition';
import { InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';
import type { TranscriptWriter } from './transcript-writer';

const ROUTING = { kind: 'system', id: null } as const satisfies Actor;

type RecordAssignment = typeof queries.recordAssignment;
type Assignment = RequestOf<RecordAssignment>;

/**
 * Routing assigned the interaction to an agent (SPEC W6): it becomes theirs, `work_in_progress`.
 * It arrives twice, and whichever comes first applies it: as a command from the accepting agent's
 * gateway, so the agent's next request already sees it (read your own writes), and as routing's
 * event, which covers a gateway that died between accepting and asking.
 */
export class RecordAssignmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly writer: TranscriptWriter,
  ) {}

  /** The command: answers the interaction as it is after the assignment. */
  answer(request: Assignment, logger: Logger): Promise<ResponseOf<RecordAssignment>> {
    return this.dataSource.transaction(async (manager) => {
      const applied = await this.apply(manager, request, null, logger);
      if (!applied) {
        throw new AppError(
          'INTERACTION_NOT_FOUND',
          404,
          `interaction ${request.interactionId} does not exist`,
        );
      }
      return applied;
    });
  }

  /** The event, in the consumer's transaction. */
  async execute(
    assigned: EnvelopeOf<'routing.workitem.assigned.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    const applied = await this.apply(manager, assigned.data, assigned.id, logger);
    if (!applied) throw new Error(`interaction ${assigned.data.interactionId} is not known (yet)`);
  }

  private async apply(
    manager: EntityManager,
    assignment: Assignment,
    causationId: string | null,
    logger: Logger,
  ): Promise<ResponseOf<RecordAssignment> | null> {
    const interaction = await new InteractionRepository(manager).lockById(assignment.interactionId);
    if (!interaction) return null;
    const unchanged = {
      interactionId: interaction.id,
      state: interaction.state,
      assigneeId: interaction.assigneeId,
      stateChanged: null,
    };
    const { agentId } = assignment;
    if (interaction.state === 'work_in_progress' && interaction.assigneeId === agentId) {
      // Applied already (routing's event came first): answer the change that did it, so the
      // accepting agent's gateway can still show it at once.
      const last = await new InteractionRepository(manager).lastStateChange(interaction.id);
      return { ...unchanged, stateChanged: last?.data.assigneeId === agentId ? last : null };
    }
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
      return unchanged;
    }
    const { row, committed } = await applyTransition(
      manager,
      this.outbox,
      interaction,
      result,
      ROUTING,
      causationId,
    );
    // SPEC S1: a joined notice is for agents only. Its id derives from the work item, so the
    // command and the event, whichever applies the assignment, write it once.
    await this.writer.noteForAgents(manager, row, {
      body: 'An agent joined the conversation.',
      agentId,
      messageId: derivedMessageId(assignment.workItemId, 'joined'),
    });
    return { interactionId: row.id, state: row.state, assigneeId: row.assigneeId, stateChanged: committed };
  }
}
