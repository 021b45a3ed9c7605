import type { PayloadOf } from '@threadline/contracts';

/**
 * SPEC M5 "Prompt agent": a notice in the workspace of the agent who held a conversation when a
 * messaging action of kind `prompt_agent` fired, listed until they dismiss it.
 */
export interface AgentPrompt {
  /** The timer that fired: a timer fires once, so it makes at most one prompt. */
  id: string;
  interactionId: string;
  actionId: string;
  /** Null when the timer service did not name the action (older producers). */
  actionName: string | null;
  text: string;
  /** When the silence the action waited for ran out. */
  deadline: string;
  createdAt: string;
  dismissedAt: string | null;
}

/** What a firing writes: the prompt and the agent it is for. */
export interface NewAgentPrompt {
  id: string;
  agentId: string;
  interactionId: string;
  actionId: string;
  actionName: string | null;
  text: string;
  deadline: Date;
}

/**
 * The prompt a fired timer makes, or null when it makes none here: the action is not a prompt
 * for the agent (the other kinds are carried out by other services), or nobody held the
 * conversation when it fired.
 */
export function promptOf(fired: PayloadOf<'timer.action.fired.v1'>): NewAgentPrompt | null {
  if (fired.action.kind !== 'prompt_agent') return null;
  const agentId = fired.assigneeId ?? null;
  if (agentId === null) return null;
  return {
    id: fired.timerId,
    agentId,
    interactionId: fired.interactionId,
    actionId: fired.actionId,
    actionName: fired.actionName ?? null,
    text: fired.action.text,
    deadline: new Date(fired.deadline),
  };
}
