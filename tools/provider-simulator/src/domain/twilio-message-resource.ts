import { type SimMessage } from './message';
import { toRfc2822 } from './rfc2822';
import { TWILIO_API_VERSION } from './twilio-webhook-params';

/** Twilio's JSON message resource, as `Messages.json` returns it (counts are strings there). */
export interface TwilioMessageResource {
  sid: string;
  account_sid: string;
  messaging_service_sid: null;
  to: string;
  from: string;
  body: string;
  status: string;
  num_segments: string;
  num_media: string;
  direction: string;
  api_version: string;
  price: null;
  price_unit: string;
  error_code: number | null;
  error_message: null;
  uri: string;
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  subresource_uris: { media: string };
}

export function messagePath(accountSid: string, sid: string): string {
  return `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}`;
}

export function toMessageResource(message: SimMessage): TwilioMessageResource {
  const path = messagePath(message.accountSid, message.sid);
  return {
    sid: message.sid,
    account_sid: message.accountSid,
    messaging_service_sid: null,
    to: message.to,
    from: message.from,
    body: message.body,
    status: message.status,
    num_segments: String(message.numSegments),
    num_media: String(message.mediaUrls.length),
    direction: message.direction,
    api_version: TWILIO_API_VERSION,
    price: null,
    price_unit: 'USD',
    error_code: message.errorCode,
    // Twilio leaves error_message null even when error_code is set.
    error_message: null,
    uri: `${path}.json`,
    date_created: toRfc2822(message.dateCreated),
    date_updated: toRfc2822(message.dateUpdated),
    // Like Twilio: null while the message is still queued.
    date_sent: message.dateSent && toRfc2822(message.dateSent),
    subresource_uris: { media: `${path}/Media.json` },
  };
}
