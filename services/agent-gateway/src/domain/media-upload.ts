import { essenceOf, isAllowedMediaType, sniffImageType } from '@threadline/platform';

export type UploadRefusal =
  | { code: 'MEDIA_TOO_LARGE'; status: 413; message: string }
  | { code: 'MEDIA_TYPE_NOT_ALLOWED'; status: 415; message: string }
  | { code: 'MEDIA_CONTENT_MISMATCH'; status: 422; message: string };

export interface UploadRules {
  maxBytes: number;
  allowedTypes: readonly string[];
}

/**
 * SPEC S5: whether an agent's upload may be kept to send, and as which type: an allowed image
 * type, within the size limit, whose bytes are that type (so nothing else is ever served or
 * sent as an image). Checks run type first: a client learns the cheapest fault first.
 */
export function checkUpload(
  bytes: Uint8Array,
  claimedType: string | undefined,
  rules: UploadRules,
): { ok: true; contentType: string } | { ok: false; refusal: UploadRefusal } {
  if (claimedType === undefined || !isAllowedMediaType(claimedType, rules.allowedTypes)) {
    return {
      ok: false,
      refusal: {
        code: 'MEDIA_TYPE_NOT_ALLOWED',
        status: 415,
        message: `upload an image of one of these types: ${rules.allowedTypes.join(', ')}`,
      },
    };
  }
  if (bytes.length > rules.maxBytes) return { ok: false, refusal: tooLarge(rules.maxBytes) };
  const claimed = essenceOf(claimedType);
  if (sniffImageType(bytes) !== claimed) {
    return {
      ok: false,
      refusal: { code: 'MEDIA_CONTENT_MISMATCH', status: 422, message: `the file is not a ${claimed} image` },
    };
  }
  return { ok: true, contentType: claimed };
}

export function tooLarge(maxBytes: number): UploadRefusal {
  return { code: 'MEDIA_TOO_LARGE', status: 413, message: `an image may have at most ${maxBytes} bytes` };
}
