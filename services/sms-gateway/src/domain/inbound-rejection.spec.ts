import { rejectedInboundSms, truncateUtf8, unknownCompanyNumber } from './inbound-rejection';
import { type InboundSmsRules, parseInboundSms } from './inbound-sms';
import type { WebhookForm, WebhookRejection } from './webhook-form';

const rules: InboundSmsRules = { defaultRegion: 'US', maxBodyBytes: 16 };
const SID = 'SM0123456789abcdef0123456789abcdef';

function form(overrides: Record<string, unknown> = {}): WebhookForm {
  return {
    MessageSid: SID,
    AccountSid: 'AC00000000000000000000000000000001',
    From: '+15551230001',
    To: '+15550100001',
    Body: 'Where is it?',
    NumMedia: '0',
    ...overrides,
  };
}

/** What the gateway keeps of `input` once the parser has refused it. */
function keptOf(input: WebhookForm) {
  const parsed = parseInboundSms(input, rules);
  if (parsed.ok) throw new Error('expected the parser to refuse the form');
  return rejectedInboundSms(input, parsed.rejection, rules);
}

describe('rejectedInboundSms: which refused inbound messages are kept for operators, and why', () => {
  describe('kept', () => {
    it('keeps a From that is not a phone number as sent, with the code and a reason naming it', () => {
      expect(keptOf(form({ From: 'not-a-number', Body: 'hello' }))).toEqual({
        providerMessageId: SID,
        from: 'not-a-number',
        to: '+15550100001',
        body: 'hello',
        bodyTruncated: false,
        media: [],
        code: 'PHONE_NUMBER_INVALID',
        reason: 'From is not a phone number, even read as a national number of US',
      });
    });

    it('keeps a To that is not a phone number, and says when both are wrong', () => {
      expect(keptOf(form({ To: '12345', Body: 'hi' }))).toMatchObject({
        to: '12345',
        code: 'PHONE_NUMBER_INVALID',
        reason: 'To is not a phone number, even read as a national number of US',
      });
      expect(keptOf(form({ From: 'x', To: 'y', Body: 'hi' }))?.reason).toBe(
        'From and To are not phone numbers, even read as a national number of US',
      );
    });

    it('keeps numbers exactly as sent, not normalised', () => {
      expect(keptOf(form({ From: ' (555) 123-000 ', Body: 'hi' }))).toMatchObject({
        from: ' (555) 123-000 ',
        to: '+15550100001',
      });
    });

    it('keeps an oversized body truncated to the limit, flagged, with the size in the reason', () => {
      expect(keptOf(form({ Body: 'a'.repeat(20) }))).toMatchObject({
        body: 'a'.repeat(16),
        bodyTruncated: true,
        code: 'SMS_BODY_TOO_LARGE',
        reason: 'the body is 20 bytes, over the limit of 16; its first 16 bytes are kept',
      });
    });

    it('truncates an oversized body when another fault is the reason (numbers are checked first)', () => {
      expect(keptOf(form({ From: 'x', Body: 'b'.repeat(40) }))).toMatchObject({
        code: 'PHONE_NUMBER_INVALID',
        body: 'b'.repeat(16),
        bodyTruncated: true,
      });
    });

    it.each(['From', 'To', 'Body'])('keeps a webhook without %s, naming it, the field null', (field) => {
      const kept = keptOf(form({ [field]: undefined, Body: field === 'Body' ? undefined : 'hi' }));
      expect(kept).toMatchObject({
        code: 'WEBHOOK_FIELD_MISSING',
        reason: `the provider sent no ${field}`,
        [field.toLowerCase()]: null,
      });
      expect(kept?.bodyTruncated).toBe(false);
    });

    it('keeps a From sent twice with both values as a JSON list, and a reason naming it', () => {
      expect(keptOf(form({ From: ['+15551230001', '+15551230002'], Body: 'hi' }))).toEqual({
        providerMessageId: SID,
        from: '["+15551230001","+15551230002"]',
        to: '+15550100001',
        body: 'hi',
        bodyTruncated: false,
        media: [],
        code: 'WEBHOOK_FIELD_REPEATED',
        reason: 'the provider sent From more than once; each is kept as a JSON list of its values',
      });
    });

    it('keeps every repeated field as a list, a repeated Body cut to the limit like any other', () => {
      expect(
        keptOf(form({ Body: ['first', 'second one'], MediaUrl0: ['https://x/ME0', 'https://x/ME1'] })),
      ).toMatchObject({
        body: '["first","second',
        bodyTruncated: true,
        media: [{ url: '["https://x/ME0","https://x/ME1"]', contentType: null }],
        reason: 'the provider sent Body, MediaUrl0 more than once; each is kept as a JSON list of its values',
      });
    });

    it('keeps the media the form lists, even a half-listed item that made it fail', () => {
      expect(
        keptOf(form({ NumMedia: '2', Body: '', MediaUrl0: 'https://x/ME0', MediaContentType0: 'image/png' })),
      ).toMatchObject({
        code: 'WEBHOOK_FIELD_MISSING',
        reason: 'the provider sent no MediaUrl1, MediaContentType1',
        media: [{ url: 'https://x/ME0', contentType: 'image/png' }],
      });
      expect(keptOf(form({ From: 'x', Body: '', MediaContentType0: 'image/png' }))?.media).toEqual([
        { url: null, contentType: 'image/png' },
      ]);
    });

    it('keeps a message to a number that is not an active company number, with the number in the reason', () => {
      expect(rejectedInboundSms(form({ To: '555-010-9999' }), unknownCompanyNumber('twilio'), rules)).toEqual(
        expect.objectContaining({
          to: '555-010-9999',
          code: 'UNKNOWN_COMPANY_NUMBER',
          reason: '555-010-9999 is not one of our active company numbers',
        }),
      );
    });

    it('trims the MessageSid, as the accepted path does', () => {
      expect(keptOf(form({ MessageSid: `  ${SID} `, From: 'x' }))?.providerMessageId).toBe(SID);
    });
  });

  describe('not kept', () => {
    it.each([undefined, '   ', [SID, SID]])(
      'a webhook without a (single) MessageSid: nothing tells its retries apart (%j)',
      (messageSid) => {
        expect(keptOf(form({ MessageSid: messageSid, From: 'x' }))).toBeNull();
        expect(keptOf(form({ MessageSid: messageSid, From: undefined }))).toBeNull();
      },
    );

    it('a malformed NumMedia or media URL (VALIDATION_FAILED)', () => {
      expect(keptOf(form({ NumMedia: 'two' }))).toBeNull();
      expect(
        keptOf(form({ NumMedia: '1', MediaUrl0: 'ftp://x', MediaContentType0: 'image/png' })),
      ).toBeNull();
    });

    it.each(['SIGNATURE_INVALID', 'ACCOUNT_MISMATCH'] as const)('a %s refusal', (code) => {
      const rejection: WebhookRejection = { code, message: 'not authentic' };
      expect(rejectedInboundSms(form(), rejection, rules)).toBeNull();
    });
  });
});

describe('unknownCompanyNumber', () => {
  it('is the 400 answer the webhook has always given', () => {
    expect(unknownCompanyNumber('twilio')).toEqual({
      code: 'UNKNOWN_COMPANY_NUMBER',
      message: 'To is not an active twilio company number',
      details: { field: 'To' },
    });
  });
});

describe('truncateUtf8', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateUtf8('héllo', 6)).toBe('héllo');
  });

  it('cuts at the limit in bytes, not characters', () => {
    expect(truncateUtf8('éééé', 4)).toBe('éé');
  });

  it('never splits a character: one that does not fit whole is left out', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
  });
});
