import { isLaterEvent, type PayloadOf } from '@threadline/contracts';

type InteractionState = PayloadOf<'interaction.conversation.state-changed.v1'>['to'];

export type WorkItemFollowUp =
  /** The conversation ended: close the item, free the agent's capacity, offer waiting work. */
  | 'close'
  /** On hold: the item stays with the agent but no longer counts against capacity (SPEC W4). */
  | 'hold'
  /** Back in progress (or wrapping up, which counts: decision 20): it counts again. */
  | 'count'
  | 'ignore';

/**
 * What routing does to an interaction's open work item when the interaction changes state.
 * `lastEventId` is the interaction event applied to the item before (uuid v7, so ids sort in
 * creation order): an older event arriving late is ignored.
 */
export function followInteraction(
  to: InteractionState,
  eventId: string,
  lastEventId: string | null,
): WorkItemFollowUp {
  if (!isLaterEvent(eventId, lastEventId)) return 'ignore';
  switch (to) {
    case 'closed_complete':
    case 'closed_abandoned':
      return 'close';
    case 'on_hold':
      return 'hold';
    case 'work_in_progress':
    case 'wrap_up':
      return 'count';
    case 'new':
      // Waiting for routing (a handoff) or back to it (reassign): the enqueue command says so.
      return 'ignore';
  }
}

/** Whether an enqueue command should be ignored because the interaction closed after it was issued. */
export function closedSinceEnqueued(enqueueId: string, closedEventId: string | null): boolean {
  return closedEventId !== null && isLaterEvent(closedEventId, enqueueId);
}
