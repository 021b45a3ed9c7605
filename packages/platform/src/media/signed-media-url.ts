import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A media key's signature that is valid until `expires` (Unix seconds): what lets a provider
 * fetch one of our media without an account of ours, and only that one, only for a while.
 */
export function signMediaKey(key: string, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}

export type SignatureCheck = 'valid' | 'expired' | 'forged';

/** Checks a signature made by {@link signMediaKey}; `nowSeconds` is the current Unix time. */
export function verifyMediaSignature(
  key: string,
  expires: string | number | undefined,
  signature: string | undefined,
  secret: string,
  nowSeconds: number,
): SignatureCheck {
  const expiresAt = Number(expires);
  if (!Number.isSafeInteger(expiresAt) || typeof signature !== 'string') return 'forged';
  const expected = Buffer.from(signMediaKey(key, expiresAt, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  return expiresAt > nowSeconds ? 'valid' : 'expired';
}

/** `<baseUrl>/media/<key>?expires=..&signature=..`, valid for `ttlSeconds` from `nowSeconds`. */
export function signedMediaUrl(
  baseUrl: string,
  key: string,
  secret: string,
  nowSeconds: number,
  ttlSeconds: number,
): string {
  const expires = nowSeconds + ttlSeconds;
  const path = key.split('/').map(encodeURIComponent).join('/');
  const query = new URLSearchParams({
    expires: String(expires),
    signature: signMediaKey(key, expires, secret),
  });
  return `${baseUrl}/media/${path}?${query.toString()}`;
}
