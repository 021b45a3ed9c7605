import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { SmsGatewayErrorCodes as Codes } from './error-codes';

/** The headers Telnyx signs its webhooks with. */
export const TELNYX_SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TELNYX_TIMESTAMP_HEADER = 'telnyx-timestamp';

const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** Telnyx's public key as its portal shows it (base64 of the raw 32 bytes), for node:crypto. */
export function telnyxPublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new Error(`a Telnyx public key is ${ED25519_PUBLIC_KEY_BYTES} bytes, base64; got ${raw.length}`);
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

export interface SignedWebhook {
  /** The body exactly as received: the signature covers its bytes, not what JSON.parse makes of them. */
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

export type SignatureCheck =
  | { ok: true; signature: Buffer }
  | {
      ok: false;
      code: typeof Codes.SIGNATURE_MISSING | typeof Codes.SIGNATURE_INVALID | typeof Codes.SIGNATURE_STALE;
      message: string;
    };

/**
 * Checks a Telnyx webhook: an Ed25519 signature (base64) by `publicKey` over
 * `${timestamp}|${rawBody}`, and a timestamp (Unix seconds) within `toleranceSeconds` of now,
 * either way, so a captured webhook cannot be played back later. A replay inside the window
 * is the caller's to catch, by remembering the signatures it accepted.
 * The verification is OpenSSL's, through node:crypto.
 */
export function checkTelnyxSignature(
  webhook: SignedWebhook,
  publicKey: KeyObject,
  toleranceSeconds: number,
  nowSeconds: number,
): SignatureCheck {
  const { signature, timestamp, rawBody } = webhook;
  if (!signature || !timestamp) {
    return {
      ok: false,
      code: Codes.SIGNATURE_MISSING,
      message: `${TELNYX_SIGNATURE_HEADER} and ${TELNYX_TIMESTAMP_HEADER} headers are required`,
    };
  }
  const signatureBytes = Buffer.from(signature, 'base64');
  if (!/^\d{1,12}$/.test(timestamp) || signatureBytes.length !== ED25519_SIGNATURE_BYTES) {
    return {
      ok: false,
      code: Codes.SIGNATURE_INVALID,
      message: 'the Telnyx signature headers are malformed',
    };
  }
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), rawBody]);
  if (!verify(null, signed, publicKey, signatureBytes)) {
    return {
      ok: false,
      code: Codes.SIGNATURE_INVALID,
      message: `${TELNYX_SIGNATURE_HEADER} does not match this request`,
    };
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return {
      ok: false,
      code: Codes.SIGNATURE_STALE,
      message: `${TELNYX_TIMESTAMP_HEADER} is more than ${toleranceSeconds} seconds away from now`,
    };
  }
  return { ok: true, signature: signatureBytes };
}
