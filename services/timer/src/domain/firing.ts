import {
  type Condition,
  type ConditionValue,
  evaluateCondition,
  ROUTING_OWNED_FIELDS,
} from '@threadline/contracts';
import type { schemas } from '@threadline/contracts';
import type { z } from 'zod';

/**
 * What a timer does when it falls due (SPEC M4, M5). Pure: the caller asks the conversation's owner
 * (and routing, for the queue) only when {@link factsNeeded} says so, then records the decision.
 */

export type ActionEffect = z.infer<typeof schemas.messagingActionEffect>;
export type TimerOutcome = z.infer<typeof schemas.timerOutcome>;

/** A messaging action as firing needs it. */
export interface FiringAction {
  id: string;
  name: string;
  active: boolean;
  condition: Condition | null;
  action: ActionEffect;
}

/** The conversation as its owner answered, at the deadline. */
export interface ConversationNow {
  found: boolean;
  state: string | null;
  assigneeId: string | null;
  facts: Readonly<Record<string, ConditionValue | undefined>>;
}

export type FiringDecision =
  | { run: true; outcome: 'ran'; effect: ActionEffect; assigneeId: string | null }
  | { run: false; outcome: Exclude<TimerOutcome, 'ran'> };

const FINAL_STATES: ReadonlySet<string> = new Set(['closed_complete', 'closed_abandoned']);

/** Whether a conversation in this state has ended: it runs no action, and its timers are disarmed. */
export function isClosedState(state: string): boolean {
  return FINAL_STATES.has(state);
}

/** The fields a condition tests, each once, in the order they first appear. */
export function fieldsOf(condition: Condition | null): string[] {
  const fields = new Set<string>();
  const visit = (part: Condition): void => {
    if ('all' in part) part.all.forEach(visit);
    else if ('any' in part) part.any.forEach(visit);
    else if ('not' in part) visit(part.not);
    else fields.add(part.field);
  };
  if (condition) visit(condition);
  return [...fields];
}

/**
 * Whom firing must ask. The conversation's owner, unless the action has no filter and acts
 * through the interaction service, which checks the conversation itself in the transaction that
 * changes it (a closed conversation is left alone there): at scale, the defaults ask nobody.
 * A prompt for the agent needs the assignee, so it always asks. Routing only for its queue.
 */
export function factsNeeded(action: FiringAction): { interaction: boolean; routing: boolean } {
  const fields = fieldsOf(action.condition);
  return {
    interaction: action.condition !== null || action.action.kind === 'prompt_agent',
    routing: fields.some((field) => ROUTING_OWNED_FIELDS.includes(field)),
  };
}

/**
 * SPEC M4: run the action only if its filter matches the conversation as it is now. A switched-off
 * or deleted action, an unknown or ended conversation, and a prompt for the agent of a
 * conversation nobody holds run nothing; each says why.
 */
export function decideFiring(action: FiringAction | null, now: ConversationNow | null): FiringDecision {
  if (!action || !action.active) return { run: false, outcome: 'action_inactive' };
  if (now) {
    if (!now.found) return { run: false, outcome: 'interaction_unknown' };
    if (now.state !== null && isClosedState(now.state)) return { run: false, outcome: 'interaction_closed' };
    if (action.condition && !evaluateCondition(action.condition, now.facts)) {
      return { run: false, outcome: 'filtered_out' };
    }
  }
  const assigneeId = now?.assigneeId ?? null;
  if (action.action.kind === 'prompt_agent' && assigneeId === null)
    return { run: false, outcome: 'no_assignee' };
  return { run: true, outcome: 'ran', effect: action.action, assigneeId };
}
