import type { PayloadOf, queries, ResponseOf } from '@threadline/contracts';

type Plan = ResponseOf<typeof queries.planAgentStart>;
export type AgentStartRule = Plan['rule'];
export type ActiveInteractionSummary = NonNullable<Plan['active']>;

export const START_WARNINGS = {
  A3: 'This number is talking to the virtual agent. Sending closes that conversation and starts a new one assigned to you.',
  A4: 'The open conversation of this number is with a different person than the one you are contacting. Sending closes it, moves the number to the person you chose, and starts a new conversation assigned to you.',
} as const;

/**
 * SPEC A1–A4: what an agent starting an SMS to a phone pair does, given the pair's active
 * interaction and the directory user the agent means to contact (null when they typed a number).
 *
 * - A1: no active interaction: a new one, assigned to the agent.
 * - A3: the virtual agent has it: close that, open one assigned to the agent (warned first).
 * - A4: agents have it, but for another person than the one contacted: close it, re-point the
 *   number's profile, open one assigned to the agent (warned first).
 * - A2: agents have it, for the same person (or nobody was picked): join it, no reassignment.
 */
export function planAgentStart(
  active: ActiveInteractionSummary | null,
  intendedUserId: string | null,
): { rule: AgentStartRule; warning: string | null } {
  if (active === null) return { rule: 'A1', warning: null };
  if (active.handledBy === 'virtual_agent') return { rule: 'A3', warning: START_WARNINGS.A3 };
  if (intendedUserId !== null && intendedUserId !== active.requesterUserId) {
    return { rule: 'A4', warning: START_WARNINGS.A4 };
  }
  return { rule: 'A2', warning: null };
}

/** Whether the rule changes a conversation the agent does not hold, and so needs their confirmation. */
export function needsConfirmation(rule: AgentStartRule): boolean {
  return rule === 'A3' || rule === 'A4';
}

export type StateChangedPayload = PayloadOf<'interaction.conversation.state-changed.v1'>;
