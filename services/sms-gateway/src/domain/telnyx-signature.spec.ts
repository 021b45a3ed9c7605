import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { checkTelnyxSignature, type SignedWebhook, telnyxPublicKey } from './telnyx-signature';

const TOLERANCE = 300;
const NOW = 1_796_900_000;

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // As Telnyx's portal shows it: base64 of the raw 32-byte key.
  const portalKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  return { privateKey, publicKey: telnyxPublicKey(portalKey) };
}

const telnyx = keyPair();
const body = Buffer.from(JSON.stringify({ data: { event_type: 'message.received', id: 'e1' } }));

function signed(privateKey: KeyObject, timestamp: number, rawBody = body): SignedWebhook {
  const signature = sign(null, Buffer.from(`${timestamp}|${rawBody.toString('utf8')}`), privateKey);
  return { rawBody, signature: signature.toString('base64'), timestamp: String(timestamp) };
}

const check = (webhook: SignedWebhook) => checkTelnyxSignature(webhook, telnyx.publicKey, TOLERANCE, NOW);

describe('checkTelnyxSignature', () => {
  it('accepts a webhook Telnyx signed just now, and returns the signature to remember', () => {
    const webhook = signed(telnyx.privateKey, NOW - 2);
    expect(check(webhook)).toEqual({ ok: true, signature: Buffer.from(webhook.signature!, 'base64') });
  });

  it('accepts the edges of the window, either way', () => {
    expect(check(signed(telnyx.privateKey, NOW - TOLERANCE)).ok).toBe(true);
    expect(check(signed(telnyx.privateKey, NOW + TOLERANCE)).ok).toBe(true);
  });

  it('refuses a forged body: the signature was for another one', () => {
    const webhook = {
      ...signed(telnyx.privateKey, NOW),
      rawBody: Buffer.from(body.toString().replace('e1', 'e2')),
    };
    expect(check(webhook)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it('refuses a moved timestamp: it is signed with the body', () => {
    const webhook = { ...signed(telnyx.privateKey, NOW), timestamp: String(NOW - 1) };
    expect(check(webhook)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it('refuses a webhook signed with another key', () => {
    expect(check(signed(keyPair().privateKey, NOW))).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it('refuses a stale webhook, though authentic', () => {
    expect(check(signed(telnyx.privateKey, NOW - TOLERANCE - 1))).toMatchObject({
      ok: false,
      code: 'SIGNATURE_STALE',
    });
  });

  it('refuses a webhook from the future beyond the window', () => {
    expect(check(signed(telnyx.privateKey, NOW + TOLERANCE + 1))).toMatchObject({
      ok: false,
      code: 'SIGNATURE_STALE',
    });
  });

  it.each([
    ['no signature', { signature: undefined }],
    ['no timestamp', { timestamp: undefined }],
    ['an empty signature', { signature: '' }],
  ])('refuses %s as missing', (_, change) => {
    expect(check({ ...signed(telnyx.privateKey, NOW), ...change })).toMatchObject({
      ok: false,
      code: 'SIGNATURE_MISSING',
    });
  });

  it.each([
    ['a timestamp that is not a number', { timestamp: 'yesterday' }],
    ['a fractional timestamp', { timestamp: `${NOW}.5` }],
    ['a signature that is not 64 bytes', { signature: Buffer.alloc(32).toString('base64') }],
    ['a signature that is not base64', { signature: '***' }],
  ])('refuses %s as invalid', (_, change) => {
    expect(check({ ...signed(telnyx.privateKey, NOW), ...change })).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
  });

  it('reads the portal’s base64 public key, and refuses one of the wrong length', () => {
    expect(telnyx.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(() => telnyxPublicKey(Buffer.alloc(31).toString('base64'))).toThrow('32 bytes');
  });
});
