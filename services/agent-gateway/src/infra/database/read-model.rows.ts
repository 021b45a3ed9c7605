import { schemas } from '@threadline/contracts';
import { z } from 'zod';
import {
  type ConversationRecord,
  type MessageRecord,
  OFFER_STATES,
  type OfferRecord,
} from '../../domain/read-model';
import { QUEUE_STATES } from '../../domain/supervision';

/** Rows as node-postgres returns them (timestamptz → Date, bigint → string), and their mapping. */

export interface OfferRow {
  work_item_id: string;
  interaction_id: string;
  agent_id: string;
  offered_at: Date | null;
  expires_at: Date | null;
  state: string;
  offer_event_id: string | null;
  accepted_event_id: string | null;
}

export interface ConversationRow {
  interaction_id: string;
  requester_address: string | null;
  company_address: string | null;
  requester_user_id: string | null;
  identity_conflict: boolean;
  identity_conflict_reason: string | null;
  profile_id: string | null;
  requester_event_id: string | null;
  state: string | null;
  state_event_id: string | null;
  assignee_id: string | null;
  assignee_event_id: string | null;
  last_activity_at: Date | null;
  unread_count: number;
  first_message_body: string | null;
  created_at: Date | null;
  work_item_id: string | null;
  queue_state: string | null;
  queue_state_event_id: string | null;
  queue_id: string | null;
  queue_name: string | null;
  queue_priority: number | null;
  queued_at: Date | null;
  enqueued_at: Date | null;
  queue_event_id: string | null;
  offered_agent_id: string | null;
  offered_at: Date | null;
  offered_event_id: string | null;
  closed_at: Date | null;
  closed_cause: string | null;
  closed_by_kind: string | null;
  closed_by_id: string | null;
  closure_event_id: string | null;
  participant_ids: string[];
  awaiting_reply_since: Date | null;
}

export interface MessageRow {
  message_id: string;
  interaction_id: string | null;
  direction: string | null;
  author_kind: string | null;
  author_id: string | null;
  body: string | null;
  occurred_at: Date | null;
  gateway_sequence: string | null;
  delivery_status: string | null;
  error_code: string | null;
  failure_reason: string | null;
  visibility: string | null;
  media: unknown;
}

// The table constraints allow only these values; parsing keeps the types honest all the same.
const offerState = z.enum(OFFER_STATES);
const direction = z.enum(['inbound', 'outbound', 'internal']).nullable();
const authorKind = schemas.actor.shape.kind.nullable();
const queueState = z.enum(QUEUE_STATES).nullable();
// The table leaves causes open (their list grows with the contract); one this build does not know,
// written by a newer build, reads as unknown instead of failing every list that shows the row.
const closedCause = schemas.interactionStateChangeCause.nullable().catch(null);

export function toOfferRecord(row: OfferRow): OfferRecord {
  return {
    workItemId: row.work_item_id,
    interactionId: row.interaction_id,
    agentId: row.agent_id,
    offeredAt: row.offered_at,
    expiresAt: row.expires_at,
    state: offerState.parse(row.state),
    offerEventId: row.offer_event_id,
    acceptedEventId: row.accepted_event_id,
  };
}

export function toConversationRecord(row: ConversationRow): ConversationRecord {
  return {
    interactionId: row.interaction_id,
    requesterAddress: row.requester_address,
    companyAddress: row.company_address,
    requesterUserId: row.requester_user_id,
    identityConflict: row.identity_conflict,
    identityConflictReason: schemas.identityConflictReason.nullable().parse(row.identity_conflict_reason),
    profileId: row.profile_id,
    requesterEventId: row.requester_event_id,
    state: schemas.interactionState.nullable().parse(row.state),
    stateEventId: row.state_event_id,
    assigneeId: row.assignee_id,
    assigneeEventId: row.assignee_event_id,
    lastActivityAt: row.last_activity_at,
    unreadCount: row.unread_count,
    firstMessageBody: row.first_message_body,
    createdAt: row.created_at,
    queueState: queueState.parse(row.queue_state),
    queueStateEventId: row.queue_state_event_id,
    workItemId: row.work_item_id,
    queueId: row.queue_id,
    queueName: row.queue_name,
    queuePriority: row.queue_priority,
    queuedAt: row.queued_at,
    enqueuedAt: row.enqueued_at,
    queueEventId: row.queue_event_id,
    offeredAgentId: row.offered_agent_id,
    offeredAt: row.offered_at,
    offeredEventId: row.offered_event_id,
    closedAt: row.closed_at,
    closedCause: closedCause.parse(row.closed_cause),
    closedByKind: authorKind.parse(row.closed_by_kind),
    closedById: row.closed_by_id,
    closureEventId: row.closure_event_id,
    participantIds: row.participant_ids,
    awaitingReplySince: row.awaiting_reply_since,
  };
}

export function toMessageRecord(row: MessageRow): MessageRecord {
  return {
    messageId: row.message_id,
    interactionId: row.interaction_id,
    direction: direction.parse(row.direction),
    authorKind: authorKind.parse(row.author_kind),
    authorId: row.author_id,
    body: row.body,
    occurredAt: row.occurred_at,
    gatewaySequence: row.gateway_sequence === null ? null : Number(row.gateway_sequence),
    deliveryStatus: schemas.deliveryStatus.nullable().parse(row.delivery_status),
    errorCode: row.error_code,
    failureReason: schemas.deliveryFailureReason.nullable().parse(row.failure_reason),
    visibility: schemas.messageVisibility.nullable().parse(row.visibility),
    media: z.array(schemas.mediaItem).parse(row.media ?? []),
  };
}
