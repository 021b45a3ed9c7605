import type { PayloadOf } from '@threadline/contracts';
import { type EventMeta, isLater } from './projections';
import type { ConversationRecord, MessageRecord } from './read-model';
import type { QueueState } from './supervision';
import { isCompleted } from './views';

/**
 * How routing's and interaction's events change the fields managers and searches read (see
 * supervision.ts). Like projections.ts: each function takes whatever is stored so far and gives
 * the same result in any order of arrival, and returns `current` itself when nothing changes.
 */

/** The latest routing event decides the queue state, whatever order they arrive in. */
function withQueueState(
  current: ConversationRecord,
  queueState: QueueState,
  workItemId: string,
  meta: EventMeta,
): ConversationRecord {
  if (!isLater(meta.id, current.queueStateEventId)) return current;
  return { ...current, queueState, workItemId, queueStateEventId: meta.id };
}

/** Adds an agent to the participants (kept sorted, so the result does not depend on the order). */
export function withParticipant(current: ConversationRecord, agentId: string | null): ConversationRecord {
  if (agentId === null || current.participantIds.includes(agentId)) return current;
  return { ...current, participantIds: [...current.participantIds, agentId].sort() };
}

/** SPEC I5 / W8: the work item waits (again) in a queue. */
export function onWorkItemQueued(
  current: ConversationRecord,
  data: PayloadOf<'routing.workitem.queued.v1'>,
  meta: EventMeta,
): ConversationRecord {
  const next = isLater(meta.id, current.queueEventId)
    ? {
        ...current,
        queueId: data.queueId,
        queueName: data.queueName,
        queuePriority: data.priority,
        queuedAt: meta.occurredAt,
        enqueuedAt: new Date(data.enqueuedAt),
        queueEventId: meta.id,
      }
    : current;
  return withQueueState(next, 'queued', data.workItemId, meta);
}

/** The work item is offered to an agent (SPEC W6); being offered does not make a participant. */
export function onWorkItemOffered(
  current: ConversationRecord,
  data: PayloadOf<'routing.offer.created.v1'>,
  meta: EventMeta,
): ConversationRecord {
  const next = isLater(meta.id, current.offeredEventId)
    ? { ...current, offeredAgentId: data.agentId, offeredAt: meta.occurredAt, offeredEventId: meta.id }
    : current;
  return withQueueState(next, 'offered', data.workItemId, meta);
}

/** The work item is assigned: its agent takes part in the conversation from now on. */
export function onWorkItemAssigned(
  current: ConversationRecord,
  data: PayloadOf<'routing.workitem.assigned.v1'>,
  meta: EventMeta,
): ConversationRecord {
  return withParticipant(withQueueState(current, 'assigned', data.workItemId, meta), data.agentId);
}

/** Routing is done with the work item (its interaction ended). */
export function onWorkItemClosed(
  current: ConversationRecord,
  data: PayloadOf<'routing.workitem.closed.v1'>,
  meta: EventMeta,
): ConversationRecord {
  return withQueueState(current, 'closed', data.workItemId, meta);
}

/**
 * SPEC I4/I5: when and by whom the conversation ended, from the latest state change (a later
 * one that reopens it clears them). Its assignee takes part in it. Events published before
 * `cause` and `actor` existed leave them null.
 */
export function onConversationStateChanged(
  current: ConversationRecord,
  data: PayloadOf<'interaction.conversation.state-changed.v1'>,
  meta: EventMeta,
): ConversationRecord {
  let next = withParticipant(current, data.assigneeId);
  if (!isLater(meta.id, current.closureEventId)) return next;
  const ended = isCompleted(data.to);
  next = {
    ...next,
    closedAt: ended ? meta.occurredAt : null,
    closedCause: ended ? (data.cause ?? null) : null,
    closedByKind: ended ? (data.actor?.kind ?? null) : null,
    closedById: ended ? (data.actor?.id ?? null) : null,
    closureEventId: meta.id,
  };
  return next;
}

/** An agent who writes in a conversation takes part in it (SPEC A2: even without being assigned). */
export function onParticipantMessage(
  current: ConversationRecord,
  message: MessageRecord,
): ConversationRecord {
  return message.authorKind === 'agent' ? withParticipant(current, message.authorId) : current;
}
