import type { DeliveryFailureReason, DeliveryStatus } from '@threadline/contracts';
import type {
  AuthorKind,
  ConversationRecord,
  IdentityConflictReason,
  InteractionState,
  MessageDirection,
  MediaItem,
  MessageRecord,
  MessageVisibility,
  OfferRecord,
} from './read-model';

/** What agents see; the same shapes travel over HTTP and the WebSocket. Times are ISO strings. */

export interface ConversationSummary {
  interactionId: string;
  state: InteractionState | null;
  assigneeId: string | null;
  requesterAddress: string | null;
  companyAddress: string | null;
  requesterUserId: string | null;
  profileId: string | null;
  identityConflict: boolean;
  identityConflictReason: IdentityConflictReason | null;
  firstMessage: string | null;
  lastActivityAt: string | null;
  unreadCount: number;
  createdAt: string | null;
}

export interface InboxOffer {
  workItemId: string;
  interactionId: string;
  requesterAddress: string | null;
  companyAddress: string | null;
  requesterUserId: string | null;
  firstMessage: string | null;
  offeredAt: string;
  expiresAt: string;
  /** SPEC I1 waiting time: how long the requester has waited, from the conversation's start. */
  waitingSinceMs: number;
  /** SPEC W6: how long the offer still stands; routing takes it back when it runs out. */
  expiresInMs: number;
}

export interface TranscriptMessage {
  messageId: string;
  direction: MessageDirection;
  author: { kind: AuthorKind; id: string | null };
  body: string;
  occurredAt: string;
  gatewaySequence: number | null;
  deliveryStatus: DeliveryStatus | null;
  errorCode: string | null;
  /** SPEC S3: the stable reason behind errorCode, the same for every provider. */
  failureReason: DeliveryFailureReason | null;
  /** SPEC S1: whether the requester got it (or wrote it), or it is a note for agents only. */
  visibility: MessageVisibility;
  /** SPEC S5: its images; stored ones with the agent-gateway URL that serves them. */
  media: TranscriptMedia[];
}

export interface TranscriptMedia {
  status: 'stored' | 'refused';
  /** Null for a refused medium. */
  mediaId: string | null;
  contentType: string | null;
  size: number | null;
  /** `/interactions/{id}/media/{mediaId}` (with the bearer token), null for a refused medium. */
  url: string | null;
  /** Why it was not kept: too_large, type_not_allowed, content_mismatch, fetch_failed. */
  reason: string | null;
}

/** What agents see of a message's media; never our storage key or the provider's URL. */
export function toTranscriptMedia(interactionId: string, item: MediaItem): TranscriptMedia {
  if (item.status === 'refused') {
    return {
      status: 'refused',
      mediaId: null,
      contentType: item.contentType,
      size: null,
      url: null,
      reason: item.reason,
    };
  }
  return {
    status: 'stored',
    mediaId: item.mediaId,
    contentType: item.contentType,
    size: item.size,
    url: `/interactions/${interactionId}/media/${item.mediaId}`,
    reason: null,
  };
}

/**
 * The final states (SPEC Words): such conversations are "completed" and leave Ongoing (SPEC
 * I2/I4). One whose state is not known yet (its events still on their way) stays.
 */
export const COMPLETED_STATES: readonly InteractionState[] = ['closed_complete', 'closed_abandoned'];

export function isCompleted(state: InteractionState | null): boolean {
  return state !== null && COMPLETED_STATES.includes(state);
}

/** An offer the agent can still accept: pending and not past its expiry. */
export function isOpenOffer(offer: OfferRecord, now: Date): boolean {
  return offer.state === 'pending' && offer.expiresAt !== null && offer.expiresAt.getTime() > now.getTime();
}

/** The agents a conversation is offered to right now. */
export function openOfferAgentIds(offers: readonly OfferRecord[], now: Date): string[] {
  return offers.filter((offer) => isOpenOffer(offer, now)).map((offer) => offer.agentId);
}

export function toConversationSummary(conversation: ConversationRecord): ConversationSummary {
  return {
    interactionId: conversation.interactionId,
    state: conversation.state,
    assigneeId: conversation.assigneeId,
    requesterAddress: conversation.requesterAddress,
    companyAddress: conversation.companyAddress,
    requesterUserId: conversation.requesterUserId,
    profileId: conversation.profileId,
    identityConflict: conversation.identityConflict,
    identityConflictReason: conversation.identityConflictReason,
    firstMessage: conversation.firstMessageBody,
    lastActivityAt: conversation.lastActivityAt?.toISOString() ?? null,
    unreadCount: conversation.unreadCount,
    createdAt: conversation.createdAt?.toISOString() ?? null,
  };
}

/** The Inbox entry of an offer (SPEC I1), or null when the offer is not open. */
export function toInboxOffer(
  offer: OfferRecord,
  conversation: ConversationRecord | null,
  now: Date,
): InboxOffer | null {
  if (!isOpenOffer(offer, now) || offer.offeredAt === null || offer.expiresAt === null) return null;
  const waitingSince = conversation?.createdAt ?? offer.offeredAt;
  return {
    workItemId: offer.workItemId,
    interactionId: offer.interactionId,
    requesterAddress: conversation?.requesterAddress ?? null,
    companyAddress: conversation?.companyAddress ?? null,
    requesterUserId: conversation?.requesterUserId ?? null,
    firstMessage: conversation?.firstMessageBody ?? null,
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
    waitingSinceMs: Math.max(0, now.getTime() - waitingSince.getTime()),
    expiresInMs: Math.max(0, offer.expiresAt.getTime() - now.getTime()),
  };
}

/**
 * Whether an Inbox entry of the conversation would read differently after the change. The offer
 * and the conversation's details reach agent-gateway by separate events, in any order: an offer
 * pushed before its first message or requester arrived is pushed again once they do.
 */
export function inboxOfferDetailsChanged(before: ConversationRecord, after: ConversationRecord): boolean {
  return (
    before.requesterAddress !== after.requesterAddress ||
    before.companyAddress !== after.companyAddress ||
    before.requesterUserId !== after.requesterUserId ||
    before.firstMessageBody !== after.firstMessageBody ||
    before.createdAt?.getTime() !== after.createdAt?.getTime()
  );
}

/** A transcript line, or null for a placeholder whose message has not arrived yet. */
export function toTranscriptMessage(message: MessageRecord): TranscriptMessage | null {
  if (message.direction === null || message.authorKind === null || message.body === null) return null;
  if (message.occurredAt === null) return null;
  return {
    messageId: message.messageId,
    direction: message.direction,
    author: { kind: message.authorKind, id: message.authorId },
    body: message.body,
    occurredAt: message.occurredAt.toISOString(),
    gatewaySequence: message.gatewaySequence,
    deliveryStatus: message.deliveryStatus,
    errorCode: message.errorCode,
    failureReason: message.failureReason,
    visibility: message.visibility ?? 'requester_visible',
    media: message.interactionId
      ? message.media.map((item) => toTranscriptMedia(message.interactionId!, item))
      : [],
  };
}
