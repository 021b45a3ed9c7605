import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';

/** The PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed header, then the 32 bytes. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from the base64 of its 32-byte seed. */
export function telnyxPrivateKey(base64Seed: string): KeyObject {
  const seed = Buffer.from(base64Seed, 'base64');
  if (seed.length !== 32) throw new Error('a Telnyx signing key is 32 bytes, base64');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The public half as Telnyx's portal shows it: base64 of the raw 32 bytes. */
export function telnyxPortalPublicKey(privateKey: KeyObject): string {
  return Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url').toString(
    'base64',
  );
}

/** Telnyx's webhook headers for `body` sent at `timestampSeconds`: Ed25519 over `timestamp|body`. */
export function telnyxSignatureHeaders(
  privateKey: KeyObject,
  body: string,
  timestampSeconds: number,
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  return {
    'telnyx-timestamp': timestamp,
    'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), privateKey).toString(
      'base64',
    ),
  };
}
