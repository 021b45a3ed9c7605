import type { InteractionState } from './interaction-state';

/**
 * The label of the transcript entry a fired messaging action writes (the prompt, or the note of a
 * reassign or set state), derived from the timer's id with derivedMessageId: a timer fires once,
 * so one entry per timer, and finding it means the action was carried out already.
 */
export const MESSAGING_ACTION_ENTRY_LABEL = 'messaging-action';

/** The actions interaction carries out itself and notes for agents (SPEC M5). */
export type NotedAction = { kind: 'reassign' } | { kind: 'set_state'; state: InteractionState };

function named(actionName: string | undefined): string {
  const name = actionName?.trim();
  return name ? `messaging action "${name}"` : 'a messaging action';
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stateInWords(state: InteractionState): string {
  switch (state) {
    case 'closed_complete':
      return 'closed the conversation as complete';
    case 'closed_abandoned':
      return 'closed the conversation as abandoned';
    default:
      return `set the conversation to ${state.replace(/_/g, ' ')}`;
  }
}

/**
 * What agents read in the transcript when a messaging action took the conversation from its agent
 * or set its state (an agents-only note, SPEC S1 and M5). Only the action's name is the admin's.
 */
export function messagingActionNote(action: NotedAction, actionName: string | undefined): string {
  const who = named(actionName);
  if (action.kind === 'reassign') return `No reply in time: ${who} took the conversation back to the queue.`;
  return `${capitalised(who)} ${stateInWords(action.state)}.`;
}

/** SPEC S2 and M5: what agents read when a messaging action's prompt was not sent. */
export function promptSkippedNote(actionName: string | undefined): string {
  return `${capitalised(named(actionName))} did not prompt the requester: they opted out of messages from this number.`;
}
