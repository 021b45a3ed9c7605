import type { ConditionValue, HandoffReason } from '@threadline/contracts';
import type { InteractionState } from './interaction-state';

/** What the interaction table keeps that a messaging action's filter can test (SPEC M4). */
export interface StoredInteractionFacts {
  channel: string;
  companyAddress: string;
  requesterAddress: string;
  identityConflict: boolean;
  state: InteractionState;
  assigneeId: string | null;
  /** Why the virtual agent handed the conversation over; null when it did not. */
  handoffReason: HandoffReason | null;
}

/**
 * SPEC M4: the conversation as MESSAGING_ACTION_CONDITION_FIELDS name it, as far as interaction
 * knows it (`queueId` is routing's). A field whose value interaction does not keep is left out,
 * and so reads as absent to a filter: `requesterIsGuest` (who is behind the number may change
 * after the first message), `topic` (only routing's enqueue carries it) and `reopened`.
 * Interaction sets no priority of its own: every conversation goes to routing with 0.
 */
export function interactionFacts(stored: StoredInteractionFacts): Record<string, ConditionValue> {
  return {
    companyAddress: stored.companyAddress,
    requesterAddress: stored.requesterAddress,
    identityConflict: stored.identityConflict,
    channel: stored.channel,
    priority: 0,
    state: stored.state,
    assigned: stored.assigneeId !== null,
    ...(stored.assigneeId === null ? {} : { assigneeId: stored.assigneeId }),
    ...(stored.handoffReason === null ? {} : { handoffReason: stored.handoffReason }),
  };
}
