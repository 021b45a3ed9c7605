import { z } from 'zod';
import { id, isoTime } from './common';

export const routingWorkItemEnqueue = z.object({
  interactionId: id,
  channel: z.literal('sms'),
  priority: z.number().int().min(0).max(10),
  /** Interaction fields that queue routing conditions are evaluated against. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /**
   * SPEC A1: the agent who started the conversation holds it already; routing records the item
   * as assigned to them (it counts against their capacity) instead of offering it.
   */
  assignedTo: z.string().min(1).optional(),
  /** SPEC R4: offer it first to this agent (who held it before it closed) when they have room. */
  preferredAgentId: z.string().min(1).optional(),
  /**
   * SPEC R4: the state-changed event that reopened the interaction. The close before it travels on
   * another stream and may reach routing after this command: a work item still open from before
   * the reopen is closed here, and the new one ignores that older close.
   */
  reopenedBy: id.optional(),
});

/**
 * SPEC W10: the holding agent (or a manager) sent the interaction to another queue or agent;
 * interaction has already cleared its assignee. Routing puts the work item in the target queue
 * (keeping its age), or keeps it for the named agent, and offers it anew.
 */
export const routingWorkItemTransfer = z.object({
  interactionId: id,
  to: z.union([
    z.object({ queueId: id }),
    z.object({ agentId: z.string().min(1) }),
    /** SPEC M5 "Reassign": back to the queue it came from, for anyone but who held it. */
    z.object({ requeue: z.literal(true) }),
  ]),
  /** Who transferred it (or held it, for a requeue); never offered it back unless they are the named target. */
  byAgentId: z.string().min(1),
  /** The state-changed event of the transfer, so an older state change arriving later changes nothing. */
  stateEventId: id,
});

export const routingOfferCreated = z.object({
  workItemId: id,
  interactionId: id,
  agentId: z.string().min(1),
  expiresAt: isoTime,
});

export const routingWorkItemAssigned = z.object({
  workItemId: id,
  interactionId: id,
  agentId: z.string().min(1),
});

/** Why a work item is (again) waiting in a queue. */
export const workItemQueuedReason = z.enum([
  'new',
  'reassigned',
  'reopened',
  'offer_rejected',
  'offer_expired',
  'agent_unavailable',
  'transferred',
]);

/** A work item waits in a queue for an agent (SPEC W2, W8); managers see what waits where. */
export const routingWorkItemQueued = z.object({
  workItemId: id,
  interactionId: id,
  queueId: id,
  queueName: z.string().min(1),
  priority: z.number().int().min(0).max(10),
  reason: workItemQueuedReason,
  /** When it first entered routing: reassigned items keep their age (W8). */
  enqueuedAt: isoTime,
});

/** Routing is done with a work item: its interaction ended, so the agent's capacity is free again. */
export const routingWorkItemClosed = z.object({
  workItemId: id,
  interactionId: id,
  /** The agent it was offered to or assigned to when it closed; null if it was waiting. */
  agentId: z.string().min(1).nullable(),
  reason: z.enum(['interaction_closed']),
});
