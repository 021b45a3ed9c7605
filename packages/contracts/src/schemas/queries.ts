import { z } from 'zod';
import { deliveryStatus, id, isoTime } from './common';

/** Request/reply commands that a person waits on: the effect is committed before the answer. */

export const agentPresence = z.enum(['available', 'away', 'offline']);

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
});

export const sendMessageRequest = z.object({
  interactionId: id,
  /** Chosen by the caller: sending again with the same id sends once. */
  messageId: id,
  agentId: z.string().min(1),
  body: z.string().min(1).max(1600),
});
export const sendMessageResponse = z.object({
  interactionId: id,
  messageId: id,
  occurredAt: isoTime,
  deliveryStatus,
});
