import { parseInboundSms, type InboundSmsRules } from './inbound-sms';
import type { WebhookForm } from './webhook-form';

const rules: InboundSmsRules = { defaultRegion: 'US', maxBodyBytes: 64 * 1024 };

function form(overrides: Record<string, unknown> = {}): WebhookForm {
  return {
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    AccountSid: 'AC00000000000000000000000000000001',
    From: '+15551230001',
    To: '+15550100001',
    Body: 'My order has not arrived',
    NumMedia: '0',
    ...overrides,
  };
}

function rejectionOf(input: WebhookForm, withRules = rules) {
  const parsed = parseInboundSms(input, withRules);
  if (parsed.ok) throw new Error('expected a rejection');
  return parsed.rejection;
}

describe('parseInboundSms', () => {
  it('reads a complete webhook into an inbound SMS', () => {
    expect(parseInboundSms(form(), rules)).toEqual({
      ok: true,
      value: {
        providerMessageId: 'SM0123456789abcdef0123456789abcdef',
        from: '+15551230001',
        to: '+15550100001',
        body: 'My order has not arrived',
        media: [],
      },
    });
  });

  it('stores numbers in E.164, reading national ones in the default region', () => {
    const parsed = parseInboundSms(form({ From: '(555) 123-0002', To: '1 555 010 0002' }), rules);
    expect(parsed).toMatchObject({ ok: true, value: { from: '+15551230002', to: '+15550100002' } });
  });

  it('accepts an empty Body, as an MMS with only a picture has', () => {
    expect(parseInboundSms(form({ Body: '' }), rules)).toMatchObject({ ok: true, value: { body: '' } });
  });

  it('keeps the Body exactly as sent, spaces included', () => {
    expect(parseInboundSms(form({ Body: '  hi  ' }), rules)).toMatchObject({
      ok: true,
      value: { body: '  hi  ' },
    });
  });

  it('treats an absent NumMedia as no media', () => {
    const { NumMedia: _omitted, ...withoutNumMedia } = form();
    expect(parseInboundSms(withoutNumMedia, rules)).toMatchObject({ ok: true, value: { media: [] } });
  });

  describe('missing fields', () => {
    it.each(['MessageSid', 'From', 'To', 'Body'])('refuses a webhook without %s, naming it', (field) => {
      expect(rejectionOf(form({ [field]: undefined }))).toEqual({
        code: 'WEBHOOK_FIELD_MISSING',
        message: `required webhook field(s) missing: ${field}`,
        details: { fields: [field] },
      });
    });

    it.each(['MessageSid', 'From', 'To'])('counts a blank %s as missing', (field) => {
      expect(rejectionOf(form({ [field]: '   ' }))).toMatchObject({
        code: 'WEBHOOK_FIELD_MISSING',
        details: { fields: [field] },
      });
    });

    it('names every missing field at once', () => {
      expect(rejectionOf({})).toMatchObject({
        code: 'WEBHOOK_FIELD_MISSING',
        details: { fields: ['MessageSid', 'From', 'To', 'Body'] },
      });
    });

    it('reports missing fields before invalid numbers', () => {
      expect(rejectionOf(form({ From: 'not-a-number', Body: undefined })).code).toBe('WEBHOOK_FIELD_MISSING');
    });
  });

  describe('repeated fields', () => {
    it('refuses a From sent twice with its own code, not as missing', () => {
      expect(rejectionOf(form({ From: ['+15551230001', '+15551230002'] }))).toEqual({
        code: 'WEBHOOK_FIELD_REPEATED',
        message: 'webhook field(s) sent more than once: From',
        details: { fields: ['From'] },
      });
    });

    it('refuses a field sent twice with the same value', () => {
      expect(rejectionOf(form({ Body: ['hi', 'hi'] })).code).toBe('WEBHOOK_FIELD_REPEATED');
    });

    it.each(['MessageSid', 'To', 'Body', 'NumMedia', 'MediaUrl0', 'MediaContentType9'])(
      'refuses a repeated %s',
      (field) => {
        expect(rejectionOf(form({ [field]: ['1', '2'] }))).toMatchObject({
          code: 'WEBHOOK_FIELD_REPEATED',
          details: { fields: [field] },
        });
      },
    );

    it('names every repeated field, in the order the webhook lists them', () => {
      expect(rejectionOf(form({ Body: ['a', 'b'], From: ['c', 'd'] }))).toMatchObject({
        details: { fields: ['From', 'Body'] },
      });
    });

    it('reports repeated fields before anything else, so a repeated NumMedia never reads as no media', () => {
      expect(rejectionOf(form({ NumMedia: ['1', '1'], MediaUrl0: 'ftp://x', To: undefined })).code).toBe(
        'WEBHOOK_FIELD_REPEATED',
      );
    });

    it('does not mind repeated fields it does not read', () => {
      expect(parseInboundSms(form({ ToCity: ['A', 'B'] }), rules).ok).toBe(true);
    });
  });

  describe('phone numbers', () => {
    it('refuses a From that is not a phone number', () => {
      expect(rejectionOf(form({ From: 'not-a-number' }))).toEqual({
        code: 'PHONE_NUMBER_INVALID',
        message: 'not a phone number: From',
        details: { fields: ['From'] },
      });
    });

    it('refuses a To that is not a phone number', () => {
      expect(rejectionOf(form({ To: '12345' }))).toMatchObject({
        code: 'PHONE_NUMBER_INVALID',
        details: { fields: ['To'] },
      });
    });

    it('names both when both are wrong', () => {
      expect(rejectionOf(form({ From: 'x', To: 'y' }))).toMatchObject({
        details: { fields: ['From', 'To'] },
      });
    });

    it('reports an invalid number before an oversized body', () => {
      expect(rejectionOf(form({ From: 'x', Body: 'a'.repeat(rules.maxBodyBytes + 1) })).code).toBe(
        'PHONE_NUMBER_INVALID',
      );
    });
  });

  describe('body size', () => {
    it('accepts a body of exactly the limit', () => {
      expect(parseInboundSms(form({ Body: 'a'.repeat(rules.maxBodyBytes) }), rules).ok).toBe(true);
    });

    it('refuses a body one byte over the limit', () => {
      expect(rejectionOf(form({ Body: 'a'.repeat(rules.maxBodyBytes + 1) }))).toEqual({
        code: 'SMS_BODY_TOO_LARGE',
        message: `Body is ${rules.maxBodyBytes + 1} bytes; at most ${rules.maxBodyBytes} are accepted`,
        details: { bytes: rules.maxBodyBytes + 1, maxBytes: rules.maxBodyBytes },
      });
    });

    it('counts UTF-8 bytes, not characters', () => {
      const small = { ...rules, maxBodyBytes: 4 };
      expect(parseInboundSms(form({ Body: 'éé' }), small).ok).toBe(true);
      expect(rejectionOf(form({ Body: 'ééé' }), small)).toMatchObject({
        code: 'SMS_BODY_TOO_LARGE',
        details: { bytes: 6 },
      });
    });
  });

  describe('media (S5)', () => {
    it('lists the media in order', () => {
      const parsed = parseInboundSms(
        form({
          NumMedia: '2',
          MediaUrl0: 'https://api.twilio.com/media/ME0',
          MediaContentType0: 'image/jpeg',
          MediaUrl1: 'https://api.twilio.com/media/ME1',
          MediaContentType1: 'image/png',
        }),
        rules,
      );
      expect(parsed).toMatchObject({
        ok: true,
        value: {
          media: [
            { url: 'https://api.twilio.com/media/ME0', contentType: 'image/jpeg' },
            { url: 'https://api.twilio.com/media/ME1', contentType: 'image/png' },
          ],
        },
      });
    });

    it('names the media fields NumMedia promises but the form lacks', () => {
      expect(rejectionOf(form({ NumMedia: '1' }))).toMatchObject({
        code: 'WEBHOOK_FIELD_MISSING',
        details: { fields: ['MediaUrl0', 'MediaContentType0'] },
      });
    });

    it.each(['two', '-1', '1.5', '11'])('refuses NumMedia %j', (numMedia) => {
      expect(rejectionOf(form({ NumMedia: numMedia }))).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: ['NumMedia'] },
      });
    });

    it('refuses a media URL that is not http(s)', () => {
      expect(
        rejectionOf(
          form({ NumMedia: '1', MediaUrl0: 'ftp://example.com/a.jpg', MediaContentType0: 'image/jpeg' }),
        ),
      ).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: ['MediaUrl0'] } });
    });
  });
});
