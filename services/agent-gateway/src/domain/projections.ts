import type { PayloadOf } from '@threadline/contracts';
import { isDeliveryStatusAdvance, isLaterEvent } from '@threadline/contracts';
import { type ConversationRecord, emptyMessage, type MessageRecord, type OfferRecord } from './read-model';

/**
 * How each event changes the read models. Events of different subjects arrive in any order
 * (a message before its conversation, an assignment before its offer), so every function
 * here accepts whatever is stored so far and gives the same result in any order of arrival.
 * The caller serialises the events of one conversation, so read-modify-write is safe.
 */

export interface EventMeta {
  /** The envelope id: a uuid v7, so ids compare in creation order. */
  id: string;
  occurredAt: Date;
}

/** Whether an event with `eventId` is later than the one that set a field (`than`). */
export const isLater = isLaterEvent;

function latest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

/** The fields a requester change rewrites; the created event sets them first. */
type RequesterFields = Pick<
  ConversationRecord,
  'requesterAddress' | 'requesterUserId' | 'identityConflict' | 'identityConflictReason' | 'profileId'
>;

function withRequester(
  current: ConversationRecord,
  requester: RequesterFields,
  meta: EventMeta,
): ConversationRecord {
  if (!isLater(meta.id, current.requesterEventId)) return current;
  return { ...current, ...requester, requesterEventId: meta.id };
}

export function onConversationCreated(
  current: ConversationRecord,
  data: PayloadOf<'interaction.conversation.created.v1'>,
  meta: EventMeta,
): ConversationRecord {
  // A requester change that arrived first is later than the creation: it keeps its fields.
  const next: ConversationRecord = {
    ...withRequester(
      current,
      {
        requesterAddress: data.requesterAddress,
        requesterUserId: data.requesterUserId,
        identityConflict: data.identityConflict,
        identityConflictReason: data.identityConflictReason ?? null,
        profileId: data.profileId,
      },
      meta,
    ),
    companyAddress: data.companyAddress,
    createdAt: meta.occurredAt,
    lastActivityAt: latest(current.lastActivityAt, meta.occurredAt),
  };
  if (isLater(meta.id, current.stateEventId)) {
    next.state = data.state;
    next.stateEventId = meta.id;
  }
  return next;
}

/**
 * SPEC P5: an agent corrected (or un-corrected) the profile behind an open conversation. The
 * latest change wins whatever the order of arrival; an older one returns `current` unchanged.
 */
export function onRequesterChanged(
  current: ConversationRecord,
  data: PayloadOf<'interaction.conversation.requester-changed.v1'>,
  meta: EventMeta,
): ConversationRecord {
  return withRequester(
    current,
    {
      requesterAddress: data.requesterAddress,
      requesterUserId: data.requesterUserId,
      identityConflict: data.identityConflict,
      identityConflictReason: data.identityConflictReason,
      profileId: data.profileId,
    },
    meta,
  );
}

export function onStateChanged(
  current: ConversationRecord,
  data: PayloadOf<'interaction.conversation.state-changed.v1'>,
  meta: EventMeta,
): ConversationRecord {
  const next = { ...current };
  if (isLater(meta.id, current.stateEventId)) {
    next.state = data.to;
    next.stateEventId = meta.id;
  }
  if (isLater(meta.id, current.assigneeEventId)) {
    next.assigneeId = data.assigneeId;
    next.assigneeEventId = meta.id;
  }
  return next;
}

/** The conversation side of an assignment: routing names the assignee before interaction does. */
export function onConversationAssigned(
  current: ConversationRecord,
  data: PayloadOf<'routing.workitem.assigned.v1'>,
  meta: EventMeta,
): ConversationRecord {
  if (!isLater(meta.id, current.assigneeEventId)) return current;
  return { ...current, assigneeId: data.agentId, assigneeEventId: meta.id };
}

/**
 * SPEC I3: a requester message seen for the first time marks the conversation unread and
 * makes it the most recently active. The first inbound body is set by the caller, which can
 * see every stored message.
 */
export function onMessageSeen(
  current: ConversationRecord,
  message: MessageRecord,
  firstSeen: boolean,
): ConversationRecord {
  if (!firstSeen || message.direction !== 'inbound') return current;
  return {
    ...current,
    unreadCount: current.unreadCount + 1,
    lastActivityAt: latest(current.lastActivityAt, message.occurredAt),
  };
}

/** The latest offer of a work item wins; an accepted or withdrawn one is never pending again. */
export function onOfferCreated(
  current: OfferRecord | null,
  data: PayloadOf<'routing.offer.created.v1'>,
  meta: EventMeta,
): OfferRecord {
  const offer: OfferRecord = {
    workItemId: data.workItemId,
    interactionId: data.interactionId,
    agentId: data.agentId,
    offeredAt: meta.occurredAt,
    expiresAt: new Date(data.expiresAt),
    state: 'pending',
    offerEventId: meta.id,
    acceptedEventId: null,
  };
  if (current === null) return offer;
  // The work item closed (whichever event came first): nothing about it can be accepted any more.
  if (current.state === 'withdrawn') return current;
  if (!isLater(meta.id, current.offerEventId)) return current;
  if (current.state === 'accepted') {
    // SPEC W9, W10: offered after it was accepted, so it went back to a queue since (the agent
    // became unavailable, or transferred it); it stands again, to whomever it names.
    if (current.acceptedEventId !== null && isLater(meta.id, current.acceptedEventId)) return offer;
    // Only the offer that was accepted belongs to the accepted row (there may have been others).
    return current.agentId === data.agentId
      ? { ...current, offeredAt: offer.offeredAt, expiresAt: offer.expiresAt, offerEventId: meta.id }
      : current;
  }
  return offer;
}

/**
 * Routing closed the work item because its conversation ended: a pending offer of it is withdrawn,
 * whenever it arrives. Null when there is nothing to withdraw.
 */
export function onOfferItemClosed(
  current: OfferRecord | null,
  data: PayloadOf<'routing.workitem.closed.v1'>,
): OfferRecord | null {
  if (current === null) {
    // The offer has not arrived yet: remember the item closed, so it never shows as pending.
    return data.agentId === null
      ? null
      : {
          workItemId: data.workItemId,
          interactionId: data.interactionId,
          agentId: data.agentId,
          offeredAt: null,
          expiresAt: null,
          state: 'withdrawn',
          offerEventId: null,
          acceptedEventId: null,
        };
  }
  return current.state === 'pending' ? { ...current, state: 'withdrawn' } : null;
}

/**
 * SPEC W6: the offered agent rejected the offer, or it timed out, and routing put the item back in
 * its queue: the offer stops standing (its deadline becomes that moment). A later offer of the
 * same item, to anyone, replaces it as usual. Null when there is no standing offer older than this.
 */
export function onOfferTakenBack(current: OfferRecord | null, meta: EventMeta): OfferRecord | null {
  if (current === null || current.state !== 'pending' || !isLater(meta.id, current.offerEventId)) return null;
  return { ...current, state: 'taken_back', expiresAt: meta.occurredAt, offerEventId: meta.id };
}

/**
 * The agent whose offer left their Inbox because a newer offer of the same item, to someone else,
 * replaced it. That happens when the requeue that took it back arrives after the new offer (routing
 * requeues and offers again at once): the requeue then finds the newer offer and changes nothing,
 * so the replacement is the only moment to tell the first agent. Null when nobody lost a standing offer.
 */
export function displacedOfferAgent(before: OfferRecord | null, after: OfferRecord): string | null {
  if (before === null || before.state !== 'pending' || after.state !== 'pending') return null;
  if (after.agentId === before.agentId || after.offerEventId === before.offerEventId) return null;
  return before.agentId;
}

/**
 * The work item was assigned. An assignment older than what the row knows changes nothing: an
 * acceptance stored already is as new or newer, or the stored offer was made after it (the item went
 * back to a queue since, SPEC W9, W10).
 */
export function onOfferAccepted(
  current: OfferRecord | null,
  data: PayloadOf<'routing.workitem.assigned.v1'>,
  meta: EventMeta,
): OfferRecord {
  if (current !== null) {
    if (current.acceptedEventId !== null && !isLater(meta.id, current.acceptedEventId)) return current;
    if (
      current.state !== 'accepted' &&
      current.offerEventId !== null &&
      isLater(current.offerEventId, meta.id)
    )
      return current;
    if (current.agentId === data.agentId) return { ...current, state: 'accepted', acceptedEventId: meta.id };
  }
  // Assigned to someone else than the stored offer names: that offer's time is not theirs.
  return {
    workItemId: data.workItemId,
    interactionId: data.interactionId,
    agentId: data.agentId,
    offeredAt: null,
    expiresAt: null,
    state: 'accepted',
    offerEventId: null,
    acceptedEventId: meta.id,
  };
}

/** The message itself; a delivery status that came first is kept. */
export function onMessageAppended(
  current: MessageRecord | null,
  data: PayloadOf<'interaction.message.appended.v1'>,
): MessageRecord {
  const base = current ?? emptyMessage(data.messageId);
  return {
    ...base,
    interactionId: data.interactionId,
    direction: data.direction,
    authorKind: data.author.kind,
    authorId: data.author.id,
    body: data.body,
    media: data.media,
    occurredAt: new Date(data.occurredAt),
    gatewaySequence: data.gatewaySequence,
    deliveryStatus: data.direction === 'outbound' ? (base.deliveryStatus ?? 'queued') : base.deliveryStatus,
    // Events from before visibility existed were all of the conversation itself.
    visibility: data.visibility ?? 'requester_visible',
  };
}

/** SPEC S3: statuses only move forward; one that arrives before its message makes a placeholder. */
export function onDeliveryStatus(
  current: MessageRecord | null,
  data: PayloadOf<'sms.outbound.status-changed.v1'>,
): { record: MessageRecord; changed: boolean } {
  const base = current ?? emptyMessage(data.outboundId);
  if (!isDeliveryStatusAdvance(base.deliveryStatus, data.status)) return { record: base, changed: false };
  return {
    record: {
      ...base,
      interactionId: base.interactionId ?? data.interactionId,
      deliveryStatus: data.status,
      errorCode: data.errorCode,
      failureReason: data.reason ?? null,
    },
    changed: true,
  };
}
