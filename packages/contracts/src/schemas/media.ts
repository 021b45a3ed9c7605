import { z } from 'zod';

/** Our id of one medium, also the last segment of its storage key. */
export const mediaId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/)
  .describe('Our id of a medium: letters, digits, - and _');

/** SPEC S5: an image we keep, referred to by our own storage key (never the provider's URL). */
export const storedMedia = z.object({
  status: z.literal('stored'),
  mediaId,
  key: z.string().min(1).describe('Key in the media storage shared by sms-gateway and agent-gateway'),
  contentType: z.string().min(1),
  size: z.number().int().nonnegative().describe('Bytes'),
});

/** Why a medium of an inbound MMS was not kept. */
export const mediaRefusalReason = z.enum([
  'too_large',
  'type_not_allowed',
  'content_mismatch',
  'fetch_failed',
]);

/** SPEC S5: a medium that came with a message but was not kept; agents still see that it came. */
export const refusedMedia = z.object({
  status: z.literal('refused'),
  reason: mediaRefusalReason,
  /** What the provider said it was, if it said. */
  contentType: z.string().nullable(),
});

export const mediaItem = z.discriminatedUnion('status', [storedMedia, refusedMedia]);

/** A stored image handed to sms-gateway to send: the provider fetches it through a signed URL. */
export const outboundMedia = z.object({ key: z.string().min(1), contentType: z.string().min(1) });
