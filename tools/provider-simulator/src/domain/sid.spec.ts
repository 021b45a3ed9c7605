import { isMessageSid, newMessageSid } from './sid';

describe('message sids', () => {
  it('should look like Twilio sids: SM and 32 lowercase hex digits', () => {
    expect(newMessageSid()).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('should never repeat', () => {
    const sids = new Set(Array.from({ length: 1000 }, () => newMessageSid()));
    expect(sids.size).toBe(1000);
  });

  it('should recognise only well-formed sids', () => {
    expect(isMessageSid(newMessageSid())).toBe(true);
    expect(isMessageSid('SM123')).toBe(false);
    expect(isMessageSid(`MM${'a'.repeat(32)}`)).toBe(false);
    expect(isMessageSid(`SM${'A'.repeat(32)}`)).toBe(false);
  });
});
