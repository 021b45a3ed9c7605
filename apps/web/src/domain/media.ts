// SPEC S5: what agents are told about images, and what the composer checks before an upload
// (the API checks again: these only spare a round trip).

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

const REASONS: Record<string, string> = {
  too_large: 'too large',
  type_not_allowed: 'not an image type we accept',
  content_mismatch: 'not the image it claimed to be',
  fetch_failed: 'it could not be fetched from the provider',
};

/** "An image was not kept: too large". */
export function refusedMediaText(reason: string | null): string {
  return `An image was not kept: ${REASONS[reason ?? ''] ?? 'unknown reason'}`;
}

/** Why a chosen file cannot be attached, or null when it can. */
export function attachmentProblem(file: { type: string; size: number }): string | null {
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
    return 'Attach a JPEG, PNG, GIF or WebP image';
  }
  if (file.size > ATTACHMENT_MAX_BYTES) return 'The image is larger than 5 MB';
  return null;
}

/** The composer's words for the upload's refusals. */
export function uploadErrorText(code: string, fallback: string): string {
  switch (code) {
    case 'MEDIA_TOO_LARGE':
      return 'The image is too large to send';
    case 'MEDIA_TYPE_NOT_ALLOWED':
      return 'This type of image cannot be sent';
    case 'MEDIA_CONTENT_MISMATCH':
      return 'The file is not the image it claims to be';
    default:
      return fallback;
  }
}
