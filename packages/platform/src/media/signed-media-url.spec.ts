import { signedMediaUrl, signMediaKey, verifyMediaSignature } from './signed-media-url';

const SECRET = 'a-secret-of-the-gateway-for-tests';
const NOW = 1_800_000_000;

describe('S5: signed media URLs', () => {
  it('builds a URL on the base URL whose signature verifies until it expires', () => {
    const url = new URL(signedMediaUrl('https://sms.example.test', 'upload/abc-1', SECRET, NOW, 300));
    expect(url.origin + url.pathname).toBe('https://sms.example.test/media/upload/abc-1');
    const expires = url.searchParams.get('expires')!;
    const signature = url.searchParams.get('signature')!;
    expect(Number(expires)).toBe(NOW + 300);
    expect(verifyMediaSignature('upload/abc-1', expires, signature, SECRET, NOW)).toBe('valid');
    expect(verifyMediaSignature('upload/abc-1', expires, signature, SECRET, NOW + 299)).toBe('valid');
  });

  it('is expired from its expiry on', () => {
    const signature = signMediaKey('upload/abc-1', NOW + 10, SECRET);
    expect(verifyMediaSignature('upload/abc-1', NOW + 10, signature, SECRET, NOW + 10)).toBe('expired');
  });

  it('is forged when the key, the expiry, the signature or the secret differ', () => {
    const signature = signMediaKey('upload/abc-1', NOW + 10, SECRET);
    expect(verifyMediaSignature('upload/abc-2', NOW + 10, signature, SECRET, NOW)).toBe('forged');
    expect(verifyMediaSignature('upload/abc-1', NOW + 11, signature, SECRET, NOW)).toBe('forged');
    const tampered = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(verifyMediaSignature('upload/abc-1', NOW + 10, tampered, SECRET, NOW)).toBe('forged');
    expect(verifyMediaSignature('upload/abc-1', NOW + 10, 'short', SECRET, NOW)).toBe('forged');
    expect(verifyMediaSignature('upload/abc-1', NOW + 10, signature, 'another-secret', NOW)).toBe('forged');
  });

  it('is forged when the expiry or signature is missing or not a number', () => {
    const signature = signMediaKey('k', NOW + 10, SECRET);
    expect(verifyMediaSignature('k', undefined, signature, SECRET, NOW)).toBe('forged');
    expect(verifyMediaSignature('k', 'soon', signature, SECRET, NOW)).toBe('forged');
    expect(verifyMediaSignature('k', NOW + 10, undefined, SECRET, NOW)).toBe('forged');
  });
});
