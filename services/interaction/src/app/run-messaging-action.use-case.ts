import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import { NOTHING_TO_DO, type Outbox } from '@threadline/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { derivedMessageId } from '../domain/derived-id';
import { isFinal } from '../domain/interaction-state';
import {
  type Actor,
  LIFECYCLE_DEFAULTS,
  transition,
  type TransitionEvent,
} from '../domain/interaction-transition';
import {
  MESSAGING_ACTION_ENTRY_LABEL,
  messagingActionNote,
  promptSkippedNote,
} from '../domain/messaging-action';
import { type InteractionRow, InteractionRepository } from '../infra/interaction.repository';
import { applyTransition } from './apply-transition';
import type { TranscriptWriter } from './transcript-writer';

type Fired = EnvelopeOf<'timer.action.fired.v1'>;
type FiredAction = Fired['data']['action'];
/** The actions interaction carries out (a prompt for the agent is agent-gateway's). */
type OwnAction = Exclude<FiredAction, { kind: 'prompt_agent' }>;

const MESSAGING_ACTION = { kind: 'system', id: null } as const satisfies Actor;

/**
 * SPEC M5: a messaging action's timer fell due and its filter matched (the timer service decided
 * both and published `timer.action.fired.v1`). Interaction carries out what is its own:
 * - prompt the requester: an SMS, kept in the transcript as a requester-visible system message (S1);
 * - reassign: the conversation is nobody's again (`new`, cause `reassigned`), agents read why, and
 *   routing puts it back in its queue for anyone but who held it (`{ requeue: true }`);
 * - set state: a final state through the lifecycle rules (cause `messaging_action`), noted for agents.
 * A prompt for the agent is agent-gateway's business, let go before any transaction ({@link prepare}).
 *
 * Once per timer: the entry it writes has an id derived from the timer's (which is also the
 * firing's), so another event of the same firing finds it and does nothing, whatever happened to
 * the conversation since. An unknown or ended conversation, or one the lifecycle rules do not let
 * the action change, is left as it is.
 */
export class RunMessagingActionUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly writer: TranscriptWriter,
  ) {}

  /** What the consumer's transaction is for: nothing for a prompt to the agent. */
  prepare(fired: Fired): Promise<FiredAction['kind'] | typeof NOTHING_TO_DO> {
    return Promise.resolve(
      fired.data.action.kind === 'prompt_agent' ? NOTHING_TO_DO : fired.data.action.kind,
    );
  }

  async execute(fired: Fired, manager: EntityManager, logger: Logger): Promise<void> {
    const { action, interactionId, timerId } = fired.data;
    if (action.kind === 'prompt_agent') return;
    const log = logger.child({ interactionId, timerId, actionId: fired.data.actionId, kind: action.kind });
    const repository = new InteractionRepository(manager);
    const interaction = await repository.lockById(interactionId);
    if (!interaction) {
      log.warn('messaging action for an unknown interaction ignored');
      return;
    }
    if (isFinal(interaction.state)) {
      log.info({ state: interaction.state }, 'messaging action ignored: the conversation has ended');
      return;
    }
    // Read under the interaction's lock: another event of the same firing has either committed
    // its entry already or waits for this transaction, and then finds ours.
    const entryId = derivedMessageId(timerId, MESSAGING_ACTION_ENTRY_LABEL);
    if (await repository.findMessage(entryId)) {
      log.info('messaging action already carried out for this timer');
      return;
    }
    await this.carryOut(manager, fired, action, interaction, entryId, log);
  }

  private async carryOut(
    manager: EntityManager,
    fired: Fired,
    action: OwnAction,
    interaction: InteractionRow,
    entryId: string,
    log: Logger,
  ): Promise<void> {
    switch (action.kind) {
      case 'prompt_requester': {
        if (action.text.trim() === '') {
          log.warn('messaging action prompt ignored: it has no text');
          return;
        }
        // SPEC S2: an opted-out requester is not prompted; the note takes the prompt's id, so
        // the timer is still carried out once.
        const outcome = await this.writer.sendToRequester(manager, interaction, {
          authorKind: 'system',
          authorId: null,
          body: action.text,
          messageId: entryId,
          causationId: fired.id,
          whenOptedOut: {
            note: {
              body: promptSkippedNote(fired.data.actionName),
              messageId: entryId,
              causationId: fired.id,
            },
          },
        });
        log.info(
          outcome.kind === 'opted_out'
            ? 'messaging action prompt skipped: the requester opted out'
            : 'messaging action prompted the requester',
        );
        return;
      }
      case 'reassign': {
        // The action takes the conversation from the agent who let it go quiet; if it changed
        // hands since the timer fired, the one holding it now has not had their chance.
        const firedFor = fired.data.assigneeId;
        if (firedFor !== undefined && firedFor !== interaction.assigneeId) {
          log.info(
            { firedFor, assigneeId: interaction.assigneeId },
            'messaging action ignored: the conversation changed hands since the timer fired',
          );
          return;
        }
        const previous = interaction.assigneeId;
        if (previous === null) {
          log.info({ state: interaction.state }, 'messaging action ignored: nobody holds the conversation');
          return;
        }
        const applied = await this.change(manager, fired, interaction, { type: 'reassign' }, log);
        if (!applied) return;
        await this.writer.noteForAgents(manager, applied.row, {
          body: messagingActionNote(action, fired.data.actionName),
          agentId: previous,
          messageId: entryId,
          causationId: fired.id,
        });
        // SPEC M5 "Reassign": routing puts it back in its own queue, for anyone but who held it.
        await this.outbox.add(manager, [
          createEnvelope(
            'routing.workitem.transfer.v1',
            {
              interactionId: applied.row.id,
              to: { requeue: true },
              byAgentId: previous,
              stateEventId: applied.stateEventId,
            },
            { correlationId: applied.row.id, causationId: applied.stateEventId },
          ),
        ]);
        log.info({ from: previous }, 'messaging action took the conversation back to the queue');
        return;
      }
      case 'set_state': {
        const applied = await this.change(
          manager,
          fired,
          interaction,
          { type: 'set_state', to: action.state },
          log,
        );
        if (!applied) return;
        await this.writer.noteForAgents(manager, applied.row, {
          body: messagingActionNote(action, fired.data.actionName),
          messageId: entryId,
          causationId: fired.id,
        });
        log.info({ state: action.state }, 'messaging action set the conversation’s state');
        return;
      }
    }
  }

  /** The state machine's change for the action, applied; null (logged) when it refuses it. */
  private async change(
    manager: EntityManager,
    fired: Fired,
    interaction: InteractionRow,
    event: TransitionEvent,
    log: Logger,
  ): Promise<{ row: InteractionRow; stateEventId: string } | null> {
    const result = transition(interaction.state, event, MESSAGING_ACTION, {
      ...LIFECYCLE_DEFAULTS,
      now: new Date(),
    });
    if (!result.ok) {
      log.info(
        { state: interaction.state, code: result.code },
        `messaging action ignored: ${result.message}`,
      );
      return null;
    }
    const { row, committed } = await applyTransition(
      manager,
      this.outbox,
      interaction,
      result,
      MESSAGING_ACTION,
      fired.id,
    );
    return { row, stateEventId: committed.eventId };
  }
}
