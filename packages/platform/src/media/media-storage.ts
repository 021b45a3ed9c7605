import type { Readable } from 'node:stream';

/** Injection token of the {@link MediaStorage} a service keeps media in. */
export const MEDIA_STORAGE = Symbol('threadline.mediaStorage');

/** A stored medium, read back. */
export interface StoredMedia {
  body: Readable;
  contentType: string;
  size: number;
}

/**
 * Where images of MMS live, keyed by our own keys (never a provider's URL). Writing a key
 * again replaces it with the same bytes, so a redelivered message is stored once.
 */
export interface MediaStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Null when nothing is stored under the key. */
  get(key: string): Promise<StoredMedia | null>;
  exists(key: string): Promise<boolean>;
}

/**
 * Keys are a few path-like segments of letters, digits, `-`, `_` and `.` (`inbound/<id>/0`),
 * never `..`, empty or absolute, so no key can leave the local directory or name an
 * unexpected object.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_SEGMENTS = 8;

export function isSafeMediaKey(key: string): boolean {
  const segments = key.split('/');
  return (
    segments.length <= MAX_SEGMENTS &&
    segments.every((segment) => SEGMENT.test(segment) && !segment.includes('..'))
  );
}

export class UnsafeMediaKeyError extends Error {
  override readonly name = 'UnsafeMediaKeyError';
  constructor(key: string) {
    super(`not a media key: ${JSON.stringify(key.slice(0, 80))}`);
  }
}

export function assertSafeMediaKey(key: string): void {
  if (!isSafeMediaKey(key)) throw new UnsafeMediaKeyError(key);
}
