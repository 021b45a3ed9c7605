import type { queries, RequestOf } from '@threadline/contracts';
import type { AgentActor, EndOutcome, TransitionErrorCode, TransitionEvent } from './interaction-transition';

type ChangeStateRequest = RequestOf<typeof queries.changeState>;
export type LifecycleCommand = ChangeStateRequest['command'];

/** The state-machine event an agent's command is, given what is stored about the interaction. */
export function toTransitionEvent(
  command: LifecycleCommand,
  stored: { pendingOutcome: EndOutcome | null },
): TransitionEvent {
  switch (command.type) {
    case 'end':
      return { type: 'end', outcome: command.outcome };
    case 'hold':
      return { type: 'hold' };
    case 'resume':
      return { type: 'resume' };
    case 'complete_wrap_up':
      // Only a `wrap_up` interaction has one; elsewhere the state machine refuses before reading it.
      return { type: 'complete_wrap_up', pendingOutcome: stored.pendingOutcome ?? 'complete' };
    case 'transfer':
      // Where it goes is routing's business; the state machine only lets it go.
      return { type: 'transfer' };
  }
}

/** The agent as the state machine sees them: their role, and whether the conversation is theirs. */
export function agentActor(
  actor: ChangeStateRequest['actor'],
  interaction: { assigneeId: string | null },
): AgentActor {
  return { kind: 'agent', id: actor.id, role: actor.role, isAssignee: interaction.assigneeId === actor.id };
}

/** The HTTP status an agent gets for each refusal of the state machine. */
export const REFUSAL_STATUS: Record<TransitionErrorCode, 403 | 409 | 422> = {
  INTERACTION_CLOSED: 409,
  INVALID_TRANSITION: 409,
  NOT_ASSIGNEE: 403,
  ACTOR_NOT_ALLOWED: 403,
  INVALID_TARGET_STATE: 422,
  REOPEN_DISABLED: 409,
  REOPEN_WINDOW_PASSED: 409,
};

/** What agents read in the transcript when a conversation ends (an agents-only note, SPEC S1). */
export function endedNote(
  cause: string,
  outcome: EndOutcome | null,
  note: string | undefined,
  wrapUp: boolean,
): string {
  const who =
    cause === 'manager_ended' ? 'A manager ended the conversation' : 'The agent ended the conversation';
  const how = outcome === 'abandoned' ? ' as abandoned' : ' as complete';
  const then = wrapUp ? '; wrap-up follows' : '';
  return `${who}${how}${then}.${note ? ` Note: ${note}` : ''}`;
}

type TransferTarget = Extract<LifecycleCommand, { type: 'transfer' }>['to'];

/**
 * What agents read in the transcript when a conversation is transferred (an agents-only note, SPEC
 * S1 and W10). Interaction knows ids, not names: the note's author id names who transferred it.
 */
export function transferredNote(byManager: boolean, to: TransferTarget, note: string | undefined): string {
  const who = byManager ? 'A manager transferred the conversation' : 'The agent transferred the conversation';
  const where = 'queueId' in to ? ' to another queue' : ' to another agent';
  return `${who}${where}.${note ? ` Note: ${note}` : ''}`;
}

/** SPEC W9: the agents-only note when routing gave the conversation back because its agent left. */
export const REASSIGNED_ON_UNAVAILABLE_NOTE =
  'The agent became unavailable; the conversation went back to the queue.';
