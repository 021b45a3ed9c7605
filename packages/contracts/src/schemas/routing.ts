import { z } from 'zod';
import { id, isoTime } from './common';

export const routingWorkItemEnqueue = z.object({
  interactionId: id,
  channel: z.literal('sms'),
  priority: z.number().int().min(0).max(10),
  /** Interaction fields that queue routing conditions are evaluated against. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
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
