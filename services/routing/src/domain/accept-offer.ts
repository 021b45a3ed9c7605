export type WorkItemState = 'queued' | 'offered' | 'assigned' | 'closed';

export interface AcceptRefusal {
  code: 'OFFER_NOT_FOUND' | 'OFFER_ALREADY_ACCEPTED' | 'OFFER_NOT_YOURS';
  status: 404 | 409;
  message: string;
}

/**
 * Whether `agentId` may accept the work item (SPEC W6): only the agent it is offered to, only
 * while the offer stands. Accepting twice, or someone else's offer, is a conflict.
 */
export function refuseAccept(
  item: { state: WorkItemState; agentId: string | null } | null,
  agentId: string,
): AcceptRefusal | null {
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
  return null;
}
