export type WorkItemState = 'queued' | 'offered' | 'assigned' | 'closed';

export interface OfferRefusal {
  code: 'OFFER_NOT_FOUND' | 'OFFER_ALREADY_ACCEPTED' | 'OFFER_NOT_YOURS' | 'OFFER_EXPIRED';
  status: 404 | 409;
  message: string;
}

/** Kept for the accept's callers: the same refusals. */
export type AcceptRefusal = OfferRefusal;

export interface OfferedItem {
  state: WorkItemState;
  agentId: string | null;
  /** When the offer stops standing (SPEC W6); null when the item is not offered. */
  offerExpiresAt?: Date | null;
}

/**
 * Whether `agentId` may answer (accept or reject) the work item's offer (SPEC W6): only the agent
 * it is offered to, only while the offer stands. Answering twice, someone else's offer, or an
 * offer past its deadline (even before routing took it back) is a conflict.
 */
export function refuseOfferAnswer(item: OfferedItem | null, agentId: string, now: Date): OfferRefusal | null {
  if (item === null || item.state === 'closed') {
    return { code: 'OFFER_NOT_FOUND', status: 404, message: 'there is no such offer' };
  }
  if (item.state === 'assigned') {
    return item.agentId === agentId
      ? { code: 'OFFER_ALREADY_ACCEPTED', status: 409, message: 'you already accepted this offer' }
      : { code: 'OFFER_NOT_YOURS', status: 409, message: 'this work item was assigned to another agent' };
  }
  if (item.state === 'queued' || item.agentId !== agentId) {
    return { code: 'OFFER_NOT_YOURS', status: 409, message: 'this work item is not offered to you' };
  }
  if (item.offerExpiresAt && item.offerExpiresAt.getTime() <= now.getTime()) {
    return {
      code: 'OFFER_EXPIRED',
      status: 409,
      message: 'the offer expired; the work item went back to the queue',
    };
  }
  return null;
}

/** SPEC W6: accepting an offer. */
export function refuseAccept(
  item: OfferedItem | null,
  agentId: string,
  now: Date = new Date(),
): OfferRefusal | null {
  return refuseOfferAnswer(item, agentId, now);
}
