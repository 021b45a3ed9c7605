import { z } from 'zod';
import { deliveryStatus, e164, id, interactionState, isoTime } from './common';
import { interactionStateChanged, requesterOptOut } from './interaction';
import { storedMedia } from './media';
import { routingWorkItemQueued } from './routing';
import { presenceName } from './routing-admin';

/** Request/reply commands that a person waits on: the effect is committed before the answer. */

/** SPEC W3: the built-in states, or one an admin configured (see routing-admin). */
export const agentPresence = presenceName;

export const setPresenceRequest = z.object({ agentId: z.string().min(1), presence: agentPresence });
export const setPresenceResponse = z.object({
  agentId: z.string().min(1),
  presence: agentPresence,
  capacity: z.number().int().nonnegative(),
  /** Sum of the sizes of the work items offered to or held by the agent. */
  load: z.number().int().nonnegative(),
});

export const acceptOfferRequest = z.object({ workItemId: id, agentId: z.string().min(1) });
export const acceptOfferResponse = z.object({
  workItemId: id,
  interactionId: id,
  agentId: z.string().min(1),
  /**
   * The `routing.workitem.assigned.v1` event the accept committed, so the caller can show it at
   * once; optional only for answers from routing replicas older than it.
   */
  assignedEvent: z.object({ eventId: id, occurredAt: isoTime }).optional(),
});

export const messageLimitsRequest = z.object({});
export const messageLimitsResponse = z.object({
  /** SPEC S4: the most SMS segments a reply or first message may take (SMS_MAX_SEGMENTS). */
  maxSegments: z.number().int().positive(),
});

export const sendMessageRequest = z.object({
  interactionId: id,
  /** Chosen by the caller: sending again with the same id sends once. */
  messageId: id,
  agentId: z.string().min(1),
  /** Empty only when media are attached (checked by interaction). */
  body: z.string().max(1600),
  /** SPEC S5: images the agent uploaded (agent-gateway checked and stored them). */
  media: z.array(storedMedia).max(10).optional(),
});
export const sendMessageResponse = z.object({
  interactionId: id,
  messageId: id,
  occurredAt: isoTime,
  deliveryStatus,
});

/** Who asks interaction to change a conversation's state; the role comes from the agent's token. */
export const lifecycleActor = z.object({
  id: z.string().min(1),
  role: z.enum(['agent', 'manager', 'admin']),
});

/** What an agent or manager asks of a conversation (SPEC I5, W4). */
export const lifecycleCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('end'),
    outcome: z.enum(['complete', 'abandoned']),
    /** Kept in the transcript for agents only. */
    note: z.string().trim().min(1).max(2000).optional(),
  }),
  z.object({ type: z.literal('hold') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('complete_wrap_up') }),
  /** SPEC W10: the assignee (or a manager) sends it to another queue or agent; routing offers it anew. */
  z.object({
    type: z.literal('transfer'),
    to: z.union([z.object({ queueId: id }), z.object({ agentId: z.string().min(1) })]),
    /** Kept in the transcript for agents only, with the transfer. */
    note: z.string().trim().min(1).max(2000).optional(),
  }),
]);

export const changeStateRequest = z.object({
  interactionId: id,
  actor: lifecycleActor,
  command: lifecycleCommand,
});

/**
 * The state-changed event the command committed (also published through the outbox), so the
 * caller can show its effect at once: read your own writes.
 */
export const committedStateChange = z.object({
  eventId: id,
  occurredAt: isoTime,
  data: interactionStateChanged,
});

export const changeStateResponse = z.object({
  interactionId: id,
  state: interactionState,
  assigneeId: z.string().min(1).nullable(),
  /**
   * The committed change. Recording an assignment that is already applied answers the change that
   * applied it (whoever did), so its caller can still show it; null when this command changed
   * nothing it can name (an assignment of a conversation someone else holds).
   */
  stateChanged: committedStateChange.nullable(),
});

/** Routing assigned a work item (SPEC W6); the accepting agent's gateway applies it at once. */
export const recordAssignmentRequest = z.object({
  interactionId: id,
  workItemId: id,
  agentId: z.string().min(1),
});

/** SPEC A1–A4: what starting an SMS conversation from an agent does to the phone pair. */
export const agentStartRule = z.enum(['A1', 'A2', 'A3', 'A4']);

export const activeInteractionSummary = z.object({
  interactionId: id,
  state: interactionState,
  assigneeId: z.string().min(1).nullable(),
  requesterUserId: z.string().min(1),
  /** Who is answering the requester: the virtual agent, or routing and its agents. */
  handledBy: z.enum(['virtual_agent', 'agents']),
});

export const planAgentStartRequest = z.object({
  agentId: z.string().min(1),
  companyAddress: e164,
  requesterAddress: e164,
  /** The directory user the agent means to contact, when they picked one; A4 compares it. */
  intendedUserId: z.string().min(1).nullable(),
});

export const planAgentStartResponse = z.object({
  rule: agentStartRule,
  /** The phone pair's active interaction, if any (SPEC: shown before sending). */
  active: activeInteractionSummary.nullable(),
  /** A3 and A4 change someone else's conversation: the agent must confirm this text first. */
  warning: z.string().nullable(),
  /** SPEC S2: the number opted out of this company number; starting is refused while it is. */
  optedOut: requesterOptOut.nullable(),
});

export const startAgentConversationRequest = planAgentStartRequest.extend({
  /** Chosen by the caller: asking twice sends once. */
  messageId: id,
  body: z.string().min(1).max(1600),
  /** Who the requester is now (profile's lookup, or the profile A4 just created). */
  requesterUserId: z.string().min(1),
  profileId: id.nullable(),
  /** The agent saw and accepted the A3/A4 warning. */
  acknowledged: z.boolean(),
});

export const startAgentConversationResponse = z.object({
  rule: agentStartRule,
  interactionId: id,
  messageId: id,
  /** The interaction A3 or A4 closed to make room, if any. */
  closedInteractionId: id.nullable(),
  /** State changes committed, oldest first, for the caller to show at once. */
  stateChanges: z.array(committedStateChange),
});

/** SPEC W6: the offered agent turns the offer down; the item waits again, not for them. */
export const rejectOfferRequest = z.object({
  workItemId: id,
  agentId: z.string().min(1),
  reason: z.string().trim().min(1).max(500).optional(),
});
export const rejectOfferResponse = z.object({
  workItemId: id,
  interactionId: id,
  /** The `routing.workitem.queued.v1` the reject committed, for the caller to show at once. */
  queued: z.object({ eventId: id, occurredAt: isoTime, data: routingWorkItemQueued }),
});
