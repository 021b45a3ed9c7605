import { createHash } from 'node:crypto';
import type { PayloadOf } from '@threadline/contracts';
import { essenceOf, isAllowedMediaType, sniffImageType } from '@threadline/platform';

export type MediaItem = PayloadOf<'sms.inbound.received.v1'>['media'][number];
export type RefusalReason = Extract<MediaItem, { status: 'refused' }>['reason'];

/**
 * The id of medium `index` of a provider's message: the same on every delivery of the message,
 * so a redelivered webhook writes the same key again instead of a second copy.
 */
export function inboundMediaId(provider: string, providerMessageId: string, index: number): string {
  const digest = createHash('sha256').update(`${provider}\n${providerMessageId}`).digest('hex');
  return `in-${digest.slice(0, 40)}-${index}`;
}

export function inboundMediaKey(mediaId: string): string {
  return `inbound/${mediaId}`;
}

/**
 * What the fetched bytes may be kept as: their sniffed image type, when it is allowed and the
 * provider's claim (its header, or the webhook's MediaContentTypeN) agrees; a reason otherwise.
 */
export function judgeFetchedMedia(
  bytes: Uint8Array,
  claimedType: string,
  allowed: readonly string[],
): { ok: true; contentType: string } | { ok: false; reason: RefusalReason } {
  if (!isAllowedMediaType(claimedType, allowed)) return { ok: false, reason: 'type_not_allowed' };
  const sniffed = sniffImageType(bytes);
  if (sniffed === null || sniffed !== essenceOf(claimedType))
    return { ok: false, reason: 'content_mismatch' };
  return { ok: true, contentType: sniffed };
}
