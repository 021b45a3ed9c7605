import type { InboundSmsRules } from './inbound-sms';
import { parseTelnyxEvent, telnyxInboundAsForm } from './telnyx-webhook';

const RULES: InboundSmsRules = { defaultRegion: 'US', maxBodyBytes: 64 };
const MESSAGE_ID = 'b0c7e8cb-6227-4c74-9f32-c7f80c30934b';

function received(payload: Record<string, unknown> = {}) {
  return {
    data: {
      event_type: 'message.received',
      id: 'event-1',
      occurred_at: '2026-12-01T18:00:00.000+00:00',
      payload: {
        id: MESSAGE_ID,
        direction: 'inbound',
        from: { phone_number: '+15551230001', carrier: 'T-Mobile' },
        to: [{ phone_number: '+15550100003', status: 'webhook_delivered' }],
        text: 'My order has not arrived',
        media: [],
        ...payload,
      },
    },
    meta: { attempt: 1, delivered_to: 'https://sms.example.test/webhooks/telnyx' },
  };
}

function delivery(eventType: string, status: string, errors: unknown[] = []) {
  return {
    data: {
      event_type: eventType,
      id: 'event-2',
      payload: {
        id: MESSAGE_ID,
        direction: 'outbound',
        to: [{ phone_number: '+15551230001', status }],
        errors,
      },
    },
  };
}

describe('parseTelnyxEvent', () => {
  it('reads message.received as the same InboundSms as Twilio’s', () => {
    expect(parseTelnyxEvent(received(), RULES)).toEqual({
      ok: true,
      value: {
        kind: 'inbound',
        sms: {
          providerMessageId: MESSAGE_ID,
          from: '+15551230001',
          to: '+15550100003',
          body: 'My order has not arrived',
          media: [],
        },
        controlCharactersRemoved: 0,
      },
    });
  });

  it('normalises national numbers to E.164 in the default region', () => {
    const parsed = parseTelnyxEvent(
      received({ from: { phone_number: '(555) 123-0002' }, to: [{ phone_number: '555-010-0003' }] }),
      RULES,
    );
    expect(parsed).toMatchObject({ ok: true, value: { sms: { from: '+15551230002', to: '+15550100003' } } });
  });

  it('S5: reads the media of an MMS, and an absent text as empty', () => {
    const parsed = parseTelnyxEvent(
      received({
        text: null,
        media: [{ url: 'https://media.telnyx.test/a.jpg', content_type: 'image/jpeg' }],
      }),
      RULES,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        sms: { body: '', media: [{ url: 'https://media.telnyx.test/a.jpg', contentType: 'image/jpeg' }] },
      },
    });
  });

  it('removes control characters from the text and says how many (decision 21)', () => {
    expect(parseTelnyxEvent(received({ text: 'a\u0000b\u0007c\nd' }), RULES)).toMatchObject({
      ok: true,
      value: { sms: { body: 'abc\nd' }, controlCharactersRemoved: 2 },
    });
  });

  it('refuses numbers that are not phone numbers', () => {
    expect(parseTelnyxEvent(received({ from: { phone_number: 'not-a-number' } }), RULES)).toMatchObject({
      ok: false,
      rejection: { code: 'PHONE_NUMBER_INVALID', details: { fields: ['from.phone_number'] } },
    });
  });

  it('refuses a text over the size limit', () => {
    expect(parseTelnyxEvent(received({ text: 'x'.repeat(65) }), RULES)).toMatchObject({
      ok: false,
      rejection: { code: 'SMS_BODY_TOO_LARGE', details: { bytes: 65, maxBytes: 64 } },
    });
  });

  it('refuses a media URL that is not http(s)', () => {
    expect(parseTelnyxEvent(received({ media: [{ url: 'file:///etc/passwd' }] }), RULES)).toMatchObject({
      ok: false,
      rejection: { code: 'VALIDATION_FAILED', details: { fields: ['media[0].url'] } },
    });
  });

  it.each([
    ['no id', { id: undefined }],
    ['no recipient', { to: [] }],
    ['no sender', { from: undefined }],
  ])('refuses a message.received with %s', (_, change) => {
    expect(parseTelnyxEvent(received(change), RULES)).toMatchObject({
      ok: false,
      rejection: { code: 'VALIDATION_FAILED' },
    });
  });

  it.each([null, 'text', [], { data: {} }, { data: { event_type: 'message.received' } }])(
    'refuses %j as not a Telnyx event',
    (body) => {
      expect(parseTelnyxEvent(body, RULES)).toMatchObject({
        ok: false,
        rejection: { code: 'VALIDATION_FAILED' },
      });
    },
  );

  it.each([
    ['message.sent', 'sent'],
    ['message.finalized', 'delivered'],
    ['message.finalized', 'delivery_unconfirmed'],
  ])('S3: reads %s with status %s as a status report', (eventType, status) => {
    expect(parseTelnyxEvent(delivery(eventType, status), RULES)).toEqual({
      ok: true,
      value: {
        kind: 'status',
        callback: { providerMessageId: MESSAGE_ID, providerStatus: status, errorCode: null },
      },
    });
  });

  it.each(['delivery_failed', 'sending_failed'])('S3: carries errors[0].code of a %s message', (status) => {
    const parsed = parseTelnyxEvent(
      delivery('message.finalized', status, [{ code: '40300', title: 'Blocked as spam' }, { code: '1' }]),
      RULES,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: { callback: { providerStatus: status, errorCode: '40300' } },
    });
  });

  it('refuses a delivery event without a status', () => {
    const noStatus = { data: { event_type: 'message.sent', payload: { id: MESSAGE_ID, to: [] } } };
    expect(parseTelnyxEvent(noStatus, RULES)).toMatchObject({
      ok: false,
      rejection: { code: 'VALIDATION_FAILED' },
    });
  });

  it('acknowledges other event types without reading them', () => {
    expect(parseTelnyxEvent({ data: { event_type: 'call.initiated', payload: {} } }, RULES)).toEqual({
      ok: true,
      value: { kind: 'ignored', eventType: 'call.initiated' },
    });
  });
});

describe('telnyxInboundAsForm', () => {
  it('gives a message.received the fields of an inbound form, as sent, to keep a refused one', () => {
    const event = received({
      from: { phone_number: 'not-a-number' },
      media: [{ url: 'https://media.telnyx.test/a.jpg', content_type: 'image/jpeg' }],
    });
    expect(telnyxInboundAsForm(event)).toEqual({
      MessageSid: MESSAGE_ID,
      From: 'not-a-number',
      To: '+15550100003',
      Body: 'My order has not arrived',
      MediaUrl0: 'https://media.telnyx.test/a.jpg',
      MediaContentType0: 'image/jpeg',
    });
  });

  it('is null for delivery events and bodies that are not events', () => {
    expect(telnyxInboundAsForm(delivery('message.sent', 'sent'))).toBeNull();
    expect(telnyxInboundAsForm('text')).toBeNull();
  });
});
