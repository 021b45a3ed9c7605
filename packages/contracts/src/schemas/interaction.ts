import { z } from 'zod';
import { actor, e164, id, interactionState, isoTime } from './common';
import { mediaItem } from './media';
import { identityConflictReason } from './profile';

export const interactionCreated = z.object({
  interactionId: id,
  channel: z.literal('sms'),
  requesterAddress: e164,
  companyAddress: e164,
  requesterUserId: z.string().min(1),
  profileId: id.nullable(),
  initiatedBy: z.enum(['requester', 'agent']),
  state: interactionState,
  identityConflict: z.boolean(),
  identityConflictReason: identityConflictReason.nullable().optional(),
});

/**
 * The requester shown on an open interaction changed: an agent corrected the association of
 * its messaging profile (SPEC P5), or undid a correction.
 */
export const interactionRequesterChanged = z.object({
  interactionId: id,
  profileId: id,
  requesterAddress: e164,
  requesterUserId: z.string().min(1),
  identityConflict: z.boolean(),
  identityConflictReason: identityConflictReason.nullable(),
  /** The profile audit entry that caused the change. */
  auditId: id,
});

/**
 * SPEC S1: who sees a transcript entry. `requester_visible` entries are the conversation itself
 * (what the requester wrote, and what was sent to them by SMS); `agents_only` entries are notes
 * for agents (joined, left, queue and transfer notices, a virtual agent's handoff) and are never sent.
 */
export const messageVisibility = z.enum(['requester_visible', 'agents_only']);

export const interactionMessageAppended = z.object({
  interactionId: id,
  /** For outbound messages also the id of the SMS send, so delivery statuses find their message. */
  messageId: id,
  direction: z.enum(['inbound', 'outbound', 'internal']),
  author: actor,
  body: z.string(),
  /** SPEC S5: the message's images, as kept (or refused) by sms-gateway or uploaded by an agent. */
  media: z.array(mediaItem),
  /** When the gateway accepted it (inbound) or the interaction service did (outbound). */
  occurredAt: isoTime,
  /**
   * The gateway's acceptance sequence for inbound messages, null otherwise. Transcripts sort by
   * (occurredAt, gatewaySequence): the sequence orders inbound messages of one phone pair exactly.
   */
  gatewaySequence: z.number().int().positive().nullable(),
  /**
   * Optional only so that events published before it existed still parse: read a missing value
   * as `requester_visible` (every entry was then). Producers always set it.
   */
  visibility: messageVisibility.optional(),
});

/**
 * Why a conversation changed state. Consumers parse with this list, so a new cause reaches
 * consumers before any producer sends it.
 */
export const interactionStateChangeCause = z.enum([
  'routing_assigned',
  'agent_initiated',
  'va_handoff',
  'agent_hold',
  'agent_resume',
  'agent_ended',
  'manager_ended',
  'va_ended',
  'system_ended',
  'wrap_up_completed',
  'requester_reopened',
  'messaging_action',
  'reassigned',
  'transferred',
]);

export const interactionStateChanged = z.object({
  interactionId: id,
  from: interactionState,
  to: interactionState,
  assigneeId: z.string().min(1).nullable(),
  /** Optional only so that events published before it existed still parse; producers always set it. */
  cause: interactionStateChangeCause.optional(),
  /** Who caused the change; optional for the same reason as `cause`. */
  actor: actor.optional(),
});

/** SPEC S2: who opted the number out or in: the requester by keyword, or the provider refusing a send. */
export const optOutSource = z.enum(['keyword', 'provider']);

/** SPEC S2: a phone pair that receives nothing any more, since when and why. */
export const requesterOptOut = z.object({
  since: isoTime,
  source: optOutSource,
  /** The keyword texted ("STOP"); null when the provider refused a send. */
  keyword: z.string().nullable(),
});

export const requesterOptOutChanged = z.object({
  companyAddress: e164,
  requesterAddress: e164,
  optedOut: z.boolean(),
  source: optOutSource,
  keyword: z.string().nullable(),
  occurredAt: isoTime,
  /** The pair's ongoing conversation when it changed, if any. */
  interactionId: id.nullable(),
});
