import { z } from 'zod';
import { actor, e164, id, interactionState } from './common';

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
});

export const interactionMessageAppended = z.object({
  interactionId: id,
  messageId: id,
  /** Position in the transcript, 1-based, in the order the gateway accepted the messages. */
  sequence: z.number().int().positive(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  author: actor,
  body: z.string(),
});

export const interactionStateChanged = z.object({
  interactionId: id,
  from: interactionState,
  to: interactionState,
  assigneeId: z.string().min(1).nullable(),
});

export const interactionMessageSend = z.object({
  interactionId: id,
  messageId: id.describe('Idempotency key chosen by the sender'),
  author: actor,
  body: z.string().min(1),
});
