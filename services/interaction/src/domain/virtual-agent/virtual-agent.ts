// The reasons are part of the contracts: routing's queue conditions test them (handoffReason).
export { HANDOFF_REASONS, type HandoffReason } from '@threadline/contracts';
import type { HandoffReason } from '@threadline/contracts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One requester message for the virtual agent to answer. */
export interface VirtualAgentTurn {
  interactionId: string;
  companyAddress: string;
  message: { id: string; body: string; occurredAt: string };
  /** What the previous turn left as `nextState`; null before the first turn. */
  state: JsonValue | null;
}

export interface VirtualAgentDecision {
  /** Sent to the requester by SMS, in this order. */
  replies: string[];
  /** Kept with the interaction and given back on the next turn (R3: the VA continues the same topic). */
  nextState: JsonValue;
  /** Present when the conversation goes to routing after the replies. */
  /** `topic`: the topic the requester chose, when it is the one that hands over (queue conditions see it). */
  handoff?: { reason: HandoffReason; detail?: string; topic?: string };
}

/**
 * The virtual agent of a company number (SPEC "Virtual agent"): the built-in one, or a company's
 * own bot behind HTTP. `respond` never throws and never leaves the requester unanswered: a turn
 * it cannot answer is a handoff. Every decision has at least one reply or a handoff.
 */
export interface VirtualAgent {
  respond(turn: VirtualAgentTurn): Promise<VirtualAgentDecision>;
}

/** The agents-only transcript note that says why the virtual agent handed the conversation over. */
export function describeHandoff(handoff: { reason: HandoffReason; detail?: string }): string {
  const why: Record<HandoffReason, string> = {
    requested_person: 'the requester asked for a person',
    topic_handoff: 'the topic the requester chose goes to an agent',
    not_understood: 'it did not understand the requester twice in a row',
    bot_unavailable: 'the external bot did not give a usable answer',
  };
  const detail = handoff.detail ? ` (${handoff.detail})` : '';
  return `The virtual agent handed this conversation to an agent: ${why[handoff.reason]}${detail}.`;
}
