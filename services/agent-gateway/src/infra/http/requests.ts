import { schemas } from '@threadline/contracts';
import { z } from 'zod';

/** Request bodies of the agent API. The DTO classes next to them only document these for OpenAPI. */

export const loginRequest = z.object({
  username: z.string().trim().min(1).max(100),
  // Bounded so a huge body cannot make the hashing slow; the policy itself applies when setting one.
  password: z.string().min(1).max(1024),
});

export const presenceRequest = z.object({ presence: schemas.agentPresence });

export const sendMessageRequest = z.object({
  body: z
    .string()
    .max(1600)
    .refine((body) => body.trim().length > 0, 'must not be empty'),
  clientMessageId: z.uuid().optional(),
});
