import type { schemas } from '@threadline/contracts';
import type { z } from 'zod';

/**
 * What conversation_view knows for managers (SPEC I5) and for finding closed conversations
 * (SPEC I4): routing's view of the work item, how the conversation ended, who took part, and
 * since when the requester waits for a reply. Every field set by an event carries the uuid v7
 * of the event that set it (`*EventId`), as the rest of the read model does.
 */

/** Routing's view of a conversation's work item, from its latest routing event. */
export const QUEUE_STATES = ['queued', 'offered', 'assigned', 'closed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** The states in which a work item waits for an agent. */
export const WAITING_QUEUE_STATES: readonly QueueState[] = ['queued', 'offered'];

export type StateChangeCause = z.infer<typeof schemas.interactionStateChangeCause>;
export type ActorKind = z.infer<typeof schemas.actor>['kind'];

export interface SupervisionFields {
  /** From the latest of routing.workitem.queued / offer.created / workitem.assigned / workitem.closed. */
  queueState: QueueState | null;
  queueStateEventId: string | null;
  /** The work item the latest of those events was about. */
  workItemId: string | null;

  /** The queue of the latest routing.workitem.queued.v1. */
  queueId: string | null;
  queueName: string | null;
  queuePriority: number | null;
  /** When it (again) started waiting in that queue. */
  queuedAt: Date | null;
  /** When it first entered routing: reassigned items keep their age (SPEC W8). */
  enqueuedAt: Date | null;
  queueEventId: string | null;

  /** The agent of the latest routing.offer.created.v1; meaningful while queueState is `offered`. */
  offeredAgentId: string | null;
  offeredAt: Date | null;
  offeredEventId: string | null;

  /** Set while the latest state change is to a final state; cleared if a later one reopens it. */
  closedAt: Date | null;
  closedCause: StateChangeCause | null;
  closedByKind: ActorKind | null;
  closedById: string | null;
  /** uuid v7 of the latest state-changed event, which decides the four fields above. */
  closureEventId: string | null;

  /** Every agent who was ever its assignee or wrote in it, sorted. Only ever grows. */
  participantIds: string[];

  /**
   * Since when the requester waits for a reply: their first message after the last agent or
   * virtual agent reply (SPEC M1, M3), null when nothing waits. The projector sets it from every
   * stored message, so it is the same whatever order the messages arrived in.
   */
  awaitingReplySince: Date | null;
}

export function emptySupervision(): SupervisionFields {
  return {
    queueState: null,
    queueStateEventId: null,
    workItemId: null,
    queueId: null,
    queueName: null,
    queuePriority: null,
    queuedAt: null,
    enqueuedAt: null,
    queueEventId: null,
    offeredAgentId: null,
    offeredAt: null,
    offeredEventId: null,
    closedAt: null,
    closedCause: null,
    closedByKind: null,
    closedById: null,
    closureEventId: null,
    participantIds: [],
    awaitingReplySince: null,
  };
}
