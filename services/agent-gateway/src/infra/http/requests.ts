import { schemas } from '@threadline/contracts';
import { z } from 'zod';

/** Request bodies of the agent API. The DTO classes next to them only document these for OpenAPI. */

export const loginRequest = z.object({
  username: z.string().trim().min(1).max(100),
  // Bounded so a huge body cannot make the hashing slow; the policy itself applies when setting one.
  password: z.string().min(1).max(1024),
});

/** SPEC W3: any well-formed presence name; whether a state of that name exists is routing's to say. */
export const presenceRequest = z.object({ presence: schemas.presenceName });

/**
 * What an agent texts: a reply, or the first message of a conversation they start. Not blank,
 * and at most AGENT_MESSAGE_MAX_CHARS, checked before anything is sent or stored.
 */
export function messageBody(maxChars: number) {
  return z
    .string()
    .max(maxChars, `must be at most ${maxChars} characters`)
    .refine((body) => body.trim().length > 0, 'must not be empty');
}

/** SPEC S5: a reply is text, images (ids from POST /media), or both. */
export function sendMessageRequest(maxChars: number) {
  return z.union([
    z.object({
      body: messageBody(maxChars),
      clientMessageId: z.uuid().optional(),
      mediaIds: z.array(schemas.mediaId).max(10).optional(),
    }),
    z.object({
      body: z.string().max(maxChars).optional().default(''),
      clientMessageId: z.uuid().optional(),
      mediaIds: z.array(schemas.mediaId).min(1).max(10),
    }),
  ]);
}

/** SPEC A1–A4: the phone pair an agent means to text, and whom. The number may be typed any way. */
const outboundTarget = {
  companyAddress: z.string().trim().min(1).max(64),
  to: z.string().trim().min(1).max(64).optional(),
  /** A directory user: whom the agent contacts (SPEC A4), and their mobile when `to` is absent. */
  userId: z.string().trim().min(1).max(200).optional(),
};

const toOrUser = {
  check: (request: { to?: string; userId?: string }) =>
    request.to !== undefined || request.userId !== undefined,
  refusal: { message: 'give `to` (a phone number), `userId` (a directory user), or both', path: ['to'] },
};

export const outboundPrecheckRequest = z.object(outboundTarget).refine(toOrUser.check, toOrUser.refusal);

export function startOutboundRequest(maxChars: number) {
  return z
    .object({
      ...outboundTarget,
      body: messageBody(maxChars),
      clientMessageId: z.uuid().optional(),
      /** The agent saw the A3/A4 warning of the pre-check and sends anyway. */
      acknowledgeWarning: z.boolean().default(false),
    })
    .refine(toOrUser.check, toOrUser.refusal);
}

/** SPEC I5: end a conversation; `complete` unless said otherwise, with a note kept for agents. */
export const endConversationRequest = z
  .object({
    outcome: z.enum(['complete', 'abandoned']).default('complete'),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

/**
 * SPEC W10: where a conversation goes, exactly one of a queue or an agent, with a note kept for
 * agents only (S1).
 */
export const transferConversationRequest = z
  .object({
    queueId: z.uuid().optional(),
    /** Agent accounts have uuid ids. */
    agentId: z.uuid().optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((request) => (request.queueId === undefined) !== (request.agentId === undefined), {
    message: 'give exactly one of `queueId` (another queue) and `agentId` (another agent)',
    path: ['queueId'],
  });

/** SPEC W6: why the agent turns an offer down (kept in routing's log). */
export const rejectOfferRequest = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

/** A whole number in a query string ("20"); anything else is refused rather than guessed at. */
const queryInteger = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number')
  .transform(Number);

/** SPEC P5: why the agent changes the association; profile keeps it in the audit trail. */
const reason = z.string().trim().min(1).max(500);

export const requesterLookupQuery = z.object({ address: z.string().trim().min(1).max(64) });

export const profileUserRequest = z.object({
  /** Required, so that "make it a guest profile" is said with an explicit null. */
  userId: z.string().trim().min(1).max(200).nullable(),
  reason,
});

export const undoProfileChangeRequest = z.object({ reason });

export const directorySearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  limit: queryInteger.pipe(z.number().int().min(1).max(100)).default(20),
});

export const importUploadQuery = z.object({ fileName: z.string().trim().min(1).max(255).optional() });

/** RFC draft "The Idempotency-Key HTTP Header Field": an opaque string the client picks per upload. */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const importStatusQuery = z.object({
  rejectionsAfterRow: queryInteger.pipe(z.number().int().min(0)).default(0),
  limit: queryInteger.pipe(z.number().int().min(1).max(1000)).default(100),
});
