import { isLaterEvent, type PayloadOf } from '@threadline/contracts';

type Transfer = PayloadOf<'routing.workitem.transfer.v1'>;

/** Where a transferred work item waits, and for whom (SPEC W10). */
export interface TransferPlacement {
  queueId: string;
  /** The named agent it is offered to alone; null for a transfer to a queue. */
  reservedFor: string | null;
  /** Never offered to these: who transferred it, unless they are the named agent. */
  excluded: string[];
  /** The target queue is not one routing has: the item stays in its own queue. */
  unknownQueue: boolean;
}

/**
 * SPEC W10: what a transfer does to a work item waiting in (or held from) `item.queueId`, or null
 * when it must change nothing: the item already follows the transfer's state change or a later one.
 */
export function placeTransfer(
  transfer: Transfer,
  item: { queueId: string; stateEventId: string | null },
  knownQueueIds: readonly string[],
): TransferPlacement | null {
  if (!isLaterEvent(transfer.stateEventId, item.stateEventId)) return null;
  const { to, byAgentId } = transfer;
  if ('agentId' in to) {
    return {
      queueId: item.queueId,
      reservedFor: to.agentId,
      excluded: byAgentId === to.agentId ? [] : [byAgentId],
      unknownQueue: false,
    };
  }
  if ('requeue' in to) {
    // SPEC M5 "Reassign": routed again from its own queue, to anyone but who held it.
    return { queueId: item.queueId, reservedFor: null, excluded: [byAgentId], unknownQueue: false };
  }
  const known = knownQueueIds.includes(to.queueId);
  return {
    queueId: known ? to.queueId : item.queueId,
    reservedFor: null,
    excluded: [byAgentId],
    unknownQueue: !known,
  };
}
