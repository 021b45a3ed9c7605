import { inboundMediaId, inboundMediaKey, judgeFetchedMedia } from './inbound-media';

const ALLOWED = ['image/jpeg', 'image/png'];
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('S5: inbound media', () => {
  it('gives the same id to the same medium of the same message, and another otherwise', () => {
    const id = inboundMediaId('twilio', 'SM1', 0);
    expect(inboundMediaId('twilio', 'SM1', 0)).toBe(id);
    expect(inboundMediaId('twilio', 'SM1', 1)).not.toBe(id);
    expect(inboundMediaId('twilio', 'SM2', 0)).not.toBe(id);
    expect(inboundMediaId('telnyx', 'SM1', 0)).not.toBe(id);
    expect(inboundMediaKey(id)).toBe(`inbound/${id}`);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('keeps an allowed image whose bytes are what it claims', () => {
    expect(judgeFetchedMedia(PNG, 'image/PNG', ALLOWED)).toEqual({ ok: true, contentType: 'image/png' });
  });

  it('refuses a type not allowed, whatever the bytes', () => {
    expect(judgeFetchedMedia(PNG, 'image/gif', ALLOWED)).toEqual({ ok: false, reason: 'type_not_allowed' });
    expect(judgeFetchedMedia(PNG, 'video/mp4', ALLOWED)).toEqual({ ok: false, reason: 'type_not_allowed' });
  });

  it('refuses bytes that are not the image claimed', () => {
    expect(judgeFetchedMedia(PNG, 'image/jpeg', ALLOWED)).toEqual({ ok: false, reason: 'content_mismatch' });
    expect(judgeFetchedMedia(Buffer.from('<svg>'), 'image/png', ALLOWED)).toEqual({
      ok: false,
      reason: 'content_mismatch',
    });
  });
});
