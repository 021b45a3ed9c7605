import type { schemas } from '@threadline/contracts';
import type { z } from 'zod';
import type { DeliveryFailureReason, DeliveryStatus } from '@threadline/contracts';
import { emptySupervision, type SupervisionFields } from './supervision';

export type InteractionState = z.infer<typeof schemas.interactionState>;
export type IdentityConflictReason = z.infer<typeof schemas.identityConflictReason>;
export type MessageDirection = 'inbound' | 'outbound' | 'internal';
export type AuthorKind = 'requester' | 'agent' | 'virtual_agent' | 'system';
/** SPEC S1: `agents_only` entries (joined/left, queue, transfer, handoff notes) were never sent to the requester. */
export type MessageVisibility = z.infer<typeof schemas.messageVisibility>;
/** SPEC S5: an image of a message, kept under our key or refused with a reason. */
export type MediaItem = z.infer<typeof schemas.mediaItem>;

export const OFFER_STATES = ['pending', 'taken_back', 'accepted', 'withdrawn'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

/** A row of offer_view: the latest offer of a work item, and whether it was accepted. */
export interface OfferRecord {
  workItemId: string;
  interactionId: string;
  agentId: string;
  /** Null while the assignment is known but the offer event has not arrived. */
  offeredAt: Date | null;
  expiresAt: Date | null;
  /**
   * `taken_back`: rejected, timed out or given back, and the item is queued again (SPEC W6, W9);
   * `withdrawn`: its conversation ended before anyone accepted it (routing closed the work item).
   */
  state: OfferState;
  /** uuid v7 of the offer event stored here; null while only the assignment is known. */
  offerEventId: string | null;
  /**
   * uuid v7 of the assignment that accepted it; null until one is known. An offer made after it
   * means the item went back to a queue since (SPEC W9, W10) and is pending again.
   */
  acceptedEventId: string | null;
}

/** A row of conversation_view. Fields only some events carry stay null until those arrive. */
export interface ConversationRecord extends SupervisionFields {
  interactionId: string;
  requesterAddress: string | null;
  companyAddress: string | null;
  requesterUserId: string | null;
  identityConflict: boolean;
  /** SPEC P4: why the directory and the profile disagree, while they do. */
  identityConflictReason: IdentityConflictReason | null;
  /** The messaging profile the requester was resolved through (null before profiles existed). */
  profileId: string | null;
  /** uuid v7 of the event that set the requester fields above (created, or a requester change). */
  requesterEventId: string | null;
  state: InteractionState | null;
  /** uuid v7 of the event that set `state`: ids sort by creation time. */
  stateEventId: string | null;
  assigneeId: string | null;
  assigneeEventId: string | null;
  lastActivityAt: Date | null;
  unreadCount: number;
  firstMessageBody: string | null;
  createdAt: Date | null;
}

/**
 * A row of message_view. A delivery status can arrive before its message: then only the id,
 * the status and perhaps the interaction are known, and `occurredAt` is null.
 */
export interface MessageRecord {
  messageId: string;
  interactionId: string | null;
  direction: MessageDirection | null;
  authorKind: AuthorKind | null;
  authorId: string | null;
  body: string | null;
  occurredAt: Date | null;
  gatewaySequence: number | null;
  deliveryStatus: DeliveryStatus | null;
  errorCode: string | null;
  /** SPEC S3: the stable reason behind errorCode (null for older events, or no failure). */
  failureReason: DeliveryFailureReason | null;
  /** Null only while the message itself has not arrived (a placeholder). */
  visibility: MessageVisibility | null;
  media: MediaItem[];
}

export function emptyConversation(interactionId: string): ConversationRecord {
  return {
    interactionId,
    requesterAddress: null,
    companyAddress: null,
    requesterUserId: null,
    identityConflict: false,
    identityConflictReason: null,
    profileId: null,
    requesterEventId: null,
    state: null,
    stateEventId: null,
    assigneeId: null,
    assigneeEventId: null,
    lastActivityAt: null,
    unreadCount: 0,
    firstMessageBody: null,
    createdAt: null,
    ...emptySupervision(),
  };
}

export function emptyMessage(messageId: string): MessageRecord {
  return {
    messageId,
    interactionId: null,
    direction: null,
    authorKind: null,
    authorId: null,
    body: null,
    occurredAt: null,
    gatewaySequence: null,
    deliveryStatus: null,
    errorCode: null,
    failureReason: null,
    visibility: null,
    media: [],
  };
}
