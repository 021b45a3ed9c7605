import { checkUpload } from './media-upload';

const rules = { maxBytes: 100, allowedTypes: ['image/png', 'image/jpeg'] };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xdb, 0, 0]);

describe('S5: checking an agent’s image upload', () => {
  it('keeps an allowed image whose bytes are its type, as that type', () => {
    expect(checkUpload(PNG, 'image/png', rules)).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkUpload(JPEG, 'Image/JPEG; name=x', rules)).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it.each([undefined, 'image/gif', 'image/svg+xml', 'text/html'])('refuses type %j with 415', (type) => {
    expect(checkUpload(PNG, type, rules)).toMatchObject({
      ok: false,
      refusal: { code: 'MEDIA_TYPE_NOT_ALLOWED', status: 415 },
    });
  });

  it('refuses more than the limit with 413, and accepts exactly the limit', () => {
    const atLimit = new Uint8Array(100);
    atLimit.set(PNG);
    expect(checkUpload(atLimit, 'image/png', rules).ok).toBe(true);
    const over = new Uint8Array(101);
    over.set(PNG);
    expect(checkUpload(over, 'image/png', rules)).toMatchObject({
      ok: false,
      refusal: { code: 'MEDIA_TOO_LARGE', status: 413 },
    });
  });

  it('refuses bytes that are not the claimed type with 422', () => {
    expect(checkUpload(JPEG, 'image/png', rules)).toMatchObject({
      ok: false,
      refusal: { code: 'MEDIA_CONTENT_MISMATCH', status: 422 },
    });
    expect(checkUpload(Buffer.from('<svg/>'), 'image/png', rules)).toMatchObject({
      ok: false,
      refusal: { code: 'MEDIA_CONTENT_MISMATCH' },
    });
  });
});
