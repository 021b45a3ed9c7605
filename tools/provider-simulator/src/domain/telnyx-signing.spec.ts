import { createPublicKey, verify } from 'node:crypto';
import { SIMULATOR_TELNYX_PRIVATE_KEY, SIMULATOR_TELNYX_PUBLIC_KEY } from '../telnyx-keys';
import { telnyxPortalPublicKey, telnyxPrivateKey, telnyxSignatureHeaders } from './telnyx-signing';

describe('Telnyx webhook signing', () => {
  const key = telnyxPrivateKey(SIMULATOR_TELNYX_PRIVATE_KEY);

  it('the committed public key is the half of the committed private key', () => {
    expect(telnyxPortalPublicKey(key)).toBe(SIMULATOR_TELNYX_PUBLIC_KEY);
  });

  it('signs timestamp|body with Ed25519, as Telnyx does', () => {
    const body = '{"data":{"event_type":"message.received"}}';
    const headers = telnyxSignatureHeaders(key, body, 1_796_900_000);
    expect(headers['telnyx-timestamp']).toBe('1796900000');
    const signature = Buffer.from(headers['telnyx-signature-ed25519']!, 'base64');
    expect(verify(null, Buffer.from(`1796900000|${body}`), createPublicKey(key), signature)).toBe(true);
    expect(verify(null, Buffer.from(`1796900001|${body}`), createPublicKey(key), signature)).toBe(false);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => telnyxPrivateKey(Buffer.alloc(16).toString('base64'))).toThrow('32 bytes');
  });
});
