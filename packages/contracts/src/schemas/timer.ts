import { z } from 'zod';
import { id, interactionState, isoTime } from './common';

/**
 * Messaging actions (SPEC M1–M7): an admin's rule that, when one side of a conversation goes quiet
 * for a while, prompts the agent, prompts the requester, reassigns it or sets its state.
 */

/** The silence an action waits for: who wrote last, unanswered (M1, M2). */
export const messagingActionEvent = z.enum([
  'requester_message_without_agent_response',
  'agent_message_without_requester_response',
]);

/** The states a messaging action may set: final ones (nobody is there to do a wrap-up). */
export const messagingActionTargetState = z.enum(['closed_complete', 'closed_abandoned']);

/** An SMS prompt is at most ten segments of UCS-2 text. */
const promptText = z.string().trim().min(1).max(670);

/** What an action does when its timer falls due and its filter matches (M5). */
export const messagingActionEffect = z.discriminatedUnion('kind', [
  /** A notice in the workspace of the agent who holds the conversation, listed until dismissed. */
  z.object({ kind: z.literal('prompt_agent'), text: promptText }),
  /** An SMS to the requester, kept in the transcript as a requester-visible system message. */
  z.object({ kind: z.literal('prompt_requester'), text: promptText }),
  /** Take the conversation from its agent and route it again (not back to them). */
  z.object({ kind: z.literal('reassign') }),
  /** Move the conversation to a final state, through the lifecycle rules. */
  z.object({ kind: z.literal('set_state'), state: messagingActionTargetState }),
]);

export const messagingActionKind = z.enum(['prompt_agent', 'prompt_requester', 'reassign', 'set_state']);

export const timerActionFired = z.object({
  /** Also the firing's id: a timer fires at most once, so whoever carries it out does so once per timer. */
  timerId: id,
  interactionId: id,
  actionId: id,
  /** The action's effect as it was when the timer fired; `state` is any interaction state for older producers. */
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('prompt_agent'), text: z.string() }),
    z.object({ kind: z.literal('prompt_requester'), text: z.string() }),
    z.object({ kind: z.literal('reassign') }),
    z.object({ kind: z.literal('set_state'), state: interactionState }),
  ]),
  deadline: isoTime,
  firedAt: isoTime,
  /** The action's name, for transcripts and prompts. Producers always set it. */
  actionName: z.string().optional(),
  /**
   * Who held the conversation when the timer fired (the agent a prompt is for); null when nobody
   * did. Absent when the timer service did not ask (an action without a filter that is not a
   * prompt for the agent): then whoever carries it out reads the conversation itself.
   */
  assigneeId: z.string().min(1).nullable().optional(),
});
