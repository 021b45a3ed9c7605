import { type SimMessage } from './message';
import { toMessageResource } from './twilio-message-resource';

describe('toMessageResource', () => {
  const at = new Date('2025-03-04T05:06:07Z');
  const message: SimMessage = {
    provider: 'twilio',
    sid: 'SM0123456789abcdef0123456789abcdef',
    accountSid: 'AC00000000000000000000000000000001',
    direction: 'outbound-api',
    from: '+15550100001',
    to: '+15551230001',
    body: 'We are on it',
    mediaUrls: ['https://example.com/a.png'],
    numSegments: 1,
    status: 'queued',
    errorCode: null,
    statusCallback: null,
    dateCreated: at,
    dateUpdated: at,
    dateSent: null,
    statusHistory: [],
    webhookAttempts: [],
  };

  it("should have Twilio's shape, with string counts and RFC 2822 dates", () => {
    const path =
      '/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM0123456789abcdef0123456789abcdef';
    expect(toMessageResource(message)).toEqual({
      sid: message.sid,
      account_sid: message.accountSid,
      messaging_service_sid: null,
      to: '+15551230001',
      from: '+15550100001',
      body: 'We are on it',
      status: 'queued',
      num_segments: '1',
      num_media: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      uri: `${path}.json`,
      date_created: 'Tue, 04 Mar 2025 05:06:07 +0000',
      date_updated: 'Tue, 04 Mar 2025 05:06:07 +0000',
      date_sent: null,
      subresource_uris: { media: `${path}/Media.json` },
    });
  });

  it('should carry date_sent and the error code once known', () => {
    const sentAt = new Date('2025-03-04T05:06:08Z');
    const resource = toMessageResource({
      ...message,
      status: 'undelivered',
      errorCode: 30003,
      dateSent: sentAt,
    });
    expect(resource).toMatchObject({
      status: 'undelivered',
      error_code: 30003,
      date_sent: 'Tue, 04 Mar 2025 05:06:08 +0000',
    });
  });
});
