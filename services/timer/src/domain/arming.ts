import { v5 as uuidv5 } from 'uuid';

/**
 * When messaging actions arm and disarm their timers (SPEC M1-M3, M6). Pure: the caller reads
 * the interaction's armed timers and the actions, and writes the plan back to the store.
 */

/** The silence an action waits for: one side wrote and the other has not answered yet. */
export type TimerEvent =
  'requester_message_without_agent_response' | 'agent_message_without_requester_response';

/** Who wrote a message. A virtual agent's reply counts as the agent's. */
export type MessageSide = 'requester' | 'agent';

/**
 * The side a transcript entry speaks for, or null when it is neither: what the requester sent, and
 * what an agent or the virtual agent sent them. System messages (greetings, closing messages,
 * messaging-action prompts) and agents-only notes answer nobody and start no silence.
 */
export function sideOf(message: {
  direction: 'inbound' | 'outbound' | 'internal';
  author: { kind: 'requester' | 'agent' | 'virtual_agent' | 'system' };
}): MessageSide | null {
  if (message.direction === 'inbound' && message.author.kind === 'requester') return 'requester';
  if (
    message.direction === 'outbound' &&
    (message.author.kind === 'agent' || message.author.kind === 'virtual_agent')
  ) {
    return 'agent';
  }
  return null;
}

/**
 * What the timer service remembers of one conversation, so messages that arrive out of order or
 * after the conversation closed change nothing they should not.
 */
export interface ConversationWatch {
  lastRequesterAt: Date | null;
  lastAgentAt: Date | null;
  /** The latest close; messages written before it belong to a finished conversation. */
  closedAt: Date | null;
}

export const NEW_WATCH: ConversationWatch = { lastRequesterAt: null, lastAgentAt: null, closedAt: null };

/** A timer of one interaction that is armed in the store. */
export interface ArmedTimer {
  timerId: string;
  actionId: string;
  dueAt: Date;
  armedByMessageId: string;
}

/** What an action needs for arming: the event it waits for and how long. */
export interface ActionTrigger {
  actionId: string;
  event: TimerEvent;
  durationMs: number;
}

export interface TimerToArm {
  actionId: string;
  dueAt: Date;
  armedByMessageId: string;
}

export interface TimerPlan {
  arm: TimerToArm[];
  /** Timer ids, of timers that were armed. */
  disarm: string[];
}

/** The event a message of this side starts (M1). */
export function eventStartedBy(side: MessageSide): TimerEvent {
  return side === 'requester'
    ? 'requester_message_without_agent_response'
    : 'agent_message_without_requester_response';
}

/**
 * What a message of `side` does to one interaction's timers: it arms the actions of the event
 * it starts (M1), except those already armed, which keep their first deadline (M3), and it
 * disarms every other armed timer (M2): those of the opposite event, and those whose action is
 * no longer among `actions` (deleted or changed event), which could fire nothing meaningful.
 *
 * A message older than the other side's latest was answered before it got here (messages can
 * arrive out of order), and one written before the conversation last closed belongs to a finished
 * conversation: neither arms nor disarms anything. `watch` is what is known of the conversation
 * (this message's own side in it does not matter).
 */
export function planForMessage(
  side: MessageSide,
  armed: readonly ArmedTimer[],
  actions: readonly ActionTrigger[],
  message: { messageId: string; occurredAt: Date },
  watch: ConversationWatch = NEW_WATCH,
): TimerPlan {
  const at = message.occurredAt.getTime();
  const otherSideLast = side === 'requester' ? watch.lastAgentAt : watch.lastRequesterAt;
  const answered = otherSideLast !== null && at < otherSideLast.getTime();
  const finished = watch.closedAt !== null && at <= watch.closedAt.getTime();
  if (answered || finished) return { arm: [], disarm: [] };

  const started = eventStartedBy(side);
  const startedActions = new Map<string, ActionTrigger>();
  for (const action of actions) {
    if (action.event === started && !startedActions.has(action.actionId)) {
      startedActions.set(action.actionId, action);
    }
  }
  const armedActions = new Set(armed.map((timer) => timer.actionId));
  const arm: TimerToArm[] = [...startedActions.values()]
    .filter((action) => !armedActions.has(action.actionId))
    .map((action) => ({
      actionId: action.actionId,
      dueAt: new Date(at + action.durationMs),
      armedByMessageId: message.messageId,
    }));
  const disarm = armed.filter((timer) => !startedActions.has(timer.actionId)).map((timer) => timer.timerId);
  return { arm, disarm };
}

/** The namespace of timer ids (uuid v5); never change it, or a redelivered message arms twice. */
export const TIMER_ID_NAMESPACE = '5b0e6a3c-1f4d-4c8e-9a57-2d6f0c9b7e41';

/**
 * The id of the timer a message arms for an action of an interaction: the same inputs give
 * the same id, so a redelivered message arms nothing new, even after the timer fired.
 */
export function timerIdFor(interactionId: string, actionId: string, armedByMessageId: string): string {
  return uuidv5(`${interactionId}/${actionId}/${armedByMessageId}`, TIMER_ID_NAMESPACE);
}
