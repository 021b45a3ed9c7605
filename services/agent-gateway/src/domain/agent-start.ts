import type { queries, ResponseOf } from '@threadline/contracts';
import type { ConversationRecord } from './read-model';

export type AgentStartRule = ResponseOf<typeof queries.planAgentStart>['rule'];

/**
 * SPEC A3/A4 close a conversation someone else has (the virtual agent's, or one with another
 * person): the agent acknowledges the warning before anything is sent. Interaction decides it
 * again when it starts; asking here first keeps an unacknowledged A4 from replacing a profile.
 */
export function needsConfirmation(rule: AgentStartRule): boolean {
  return rule === 'A3' || rule === 'A4';
}

/** What the gateway knows of a conversation an agent just started, from its own request. */
export interface StartedConversation {
  requesterAddress: string;
  companyAddress: string;
  /** The requester interaction opened it with; null when the agent joined an existing one (A2). */
  requester: { requesterUserId: string; profileId: string | null } | null;
}

/**
 * Read your own writes for a start: interaction's answer carries its state changes but not its
 * created event, which comes over the stream a moment later. Until it does, the row shows the
 * numbers (and the requester) the agent asked for, and counts as active now, so Ongoing lists it
 * with them. Only empty fields are filled, and the requester only while no requester event was
 * applied: the created event (or a later requester change) then sets them as usual.
 */
export function withStartedConversation(
  current: ConversationRecord,
  started: StartedConversation,
  now: Date,
): ConversationRecord {
  const next = { ...current };
  next.companyAddress ??= started.companyAddress;
  next.lastActivityAt ??= now;
  if (current.requesterEventId === null) {
    next.requesterAddress ??= started.requesterAddress;
    if (started.requester) {
      next.requesterUserId ??= started.requester.requesterUserId;
      next.profileId ??= started.requester.profileId;
    }
  }
  return next;
}
