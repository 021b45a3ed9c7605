import { type EnvelopeOf, isLaterEvent } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { derivedMessageId } from '../domain/derived-id';
import { type Actor, LIFECYCLE_DEFAULTS, transition } from '../domain/interaction-transition';
import { REASSIGNED_ON_UNAVAILABLE_NOTE } from '../domain/lifecycle-command';
import { InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';
import type { TranscriptWriter } from './transcript-writer';

const ROUTING = { kind: 'system', id: null } as const satisfies Actor;

/**
 * SPEC W9 with reassignment on unavailability enabled: the agent who held the conversation stopped
 * receiving work, and routing put its work item back in the queue (`routing.workitem.queued.v1`,
 * reason `reassigned`). The conversation is nobody's again (`new`, cause `reassigned`) and agents
 * read why. Every other reason is about an item nobody held, which changes nothing here.
 *
 * Safe to receive twice or late: a conversation already `new` or ended stays as it is, and so does
 * one whose state changed after routing gave it back (another agent has it now).
 */
export class RecordReassignmentUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly writer: TranscriptWriter,
  ) {}

  async execute(
    queued: EnvelopeOf<'routing.workitem.queued.v1'>,
    manager: EntityManager,
    logger: Logger,
  ): Promise<void> {
    if (queued.data.reason !== 'reassigned') return;
    const repository = new InteractionRepository(manager);
    const interaction = await repository.lockById(queued.data.interactionId);
    if (!interaction) {
      logger.warn(
        { interactionId: queued.data.interactionId },
        'reassignment of an unknown interaction ignored',
      );
      return;
    }
    const last = await repository.lastStateChange(interaction.id);
    if (last !== null && !isLaterEvent(queued.id, last.eventId)) {
      logger.info(
        { interactionId: interaction.id, stateEventId: last.eventId },
        'reassignment ignored: the conversation changed after routing gave it back',
      );
      return;
    }
    const result = transition(interaction.state, { type: 'reassign' }, ROUTING, {
      ...LIFECYCLE_DEFAULTS,
      now: new Date(),
    });
    if (!result.ok) {
      // Already back in the queue, ended or wrapping up: nothing to take from anyone.
      logger.info(
        { interactionId: interaction.id, code: result.code },
        `reassignment ignored: ${result.message}`,
      );
      return;
    }
    const { row } = await applyTransition(manager, this.outbox, interaction, result, ROUTING, queued.id);
    await this.writer.noteForAgents(manager, row, {
      body: REASSIGNED_ON_UNAVAILABLE_NOTE,
      agentId: interaction.assigneeId ?? undefined,
      messageId: derivedMessageId(queued.id, 'reassigned'),
      causationId: queued.id,
    });
  }
}
