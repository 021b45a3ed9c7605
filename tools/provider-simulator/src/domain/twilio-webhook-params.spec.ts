import { type SimMessage } from './message';
import { inboundWebhookParams, statusCallbackParams } from './twilio-webhook-params';

const SID = 'SM0123456789abcdef0123456789abcdef';
const ACCOUNT = 'AC00000000000000000000000000000001';

function message(overrides: Partial<SimMessage> = {}): SimMessage {
  const at = new Date('2025-01-01T00:00:00Z');
  return {
    provider: 'twilio',
    sid: SID,
    accountSid: ACCOUNT,
    direction: 'inbound',
    from: '+15551230001',
    to: '+15550100001',
    body: 'My order has not arrived',
    mediaUrls: [],
    numSegments: 1,
    status: 'received',
    errorCode: null,
    statusCallback: null,
    dateCreated: at,
    dateUpdated: at,
    dateSent: at,
    statusHistory: [],
    webhookAttempts: [],
    ...overrides,
  };
}

describe('inboundWebhookParams', () => {
  it('should carry the fields Twilio posts for an incoming SMS', () => {
    expect(inboundWebhookParams(message())).toEqual({
      MessageSid: SID,
      SmsSid: SID,
      SmsMessageSid: SID,
      AccountSid: ACCOUNT,
      From: '+15551230001',
      To: '+15550100001',
      Body: 'My order has not arrived',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    });
  });

  it('should number media URLs and their content types from 0', () => {
    const params = inboundWebhookParams(
      message({ mediaUrls: ['https://example.com/a.png', 'https://example.com/b.pdf'] }),
    );
    expect(params).toMatchObject({
      NumMedia: '2',
      MediaUrl0: 'https://example.com/a.png',
      MediaContentType0: 'image/png',
      MediaUrl1: 'https://example.com/b.pdf',
      MediaContentType1: 'application/pdf',
    });
  });

  it('should not include a MessagingServiceSid', () => {
    expect(inboundWebhookParams(message())).not.toHaveProperty('MessagingServiceSid');
  });
});

describe('statusCallbackParams', () => {
  const outbound = message({ direction: 'outbound-api', from: '+15550100001', to: '+15551230001' });

  it('should report the status in both MessageStatus and SmsStatus', () => {
    expect(statusCallbackParams(outbound, { status: 'delivered', errorCode: null })).toEqual({
      MessageSid: SID,
      MessageStatus: 'delivered',
      SmsSid: SID,
      SmsStatus: 'delivered',
      AccountSid: ACCOUNT,
      From: '+15550100001',
      To: '+15551230001',
      ApiVersion: '2010-04-01',
    });
  });

  it('should add ErrorCode only when the step failed', () => {
    expect(statusCallbackParams(outbound, { status: 'sent', errorCode: null })).not.toHaveProperty(
      'ErrorCode',
    );
    expect(statusCallbackParams(outbound, { status: 'undelivered', errorCode: 30003 })).toMatchObject({
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    });
  });
});
