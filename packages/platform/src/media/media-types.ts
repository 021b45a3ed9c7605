/** The image types an MMS may carry into or out of Threadline unless configured otherwise. */
export const DEFAULT_MEDIA_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/** `image/JPEG; charset=x` → `image/jpeg`; what the allow list is compared with. */
export function essenceOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

export function isAllowedMediaType(contentType: string, allowed: readonly string[]): boolean {
  return allowed.includes(essenceOf(contentType));
}

/** Parses a comma-separated list of media types, as configured. */
export function parseMediaTypeList(value: string): string[] {
  return value
    .split(',')
    .map((item) => essenceOf(item))
    .filter((item) => item.length > 0);
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * The image type the bytes are, from their first bytes, or null when none we know. A claimed
 * content type is trusted only when this agrees, so nothing else is served as an image.
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}
