import { guessMediaContentType } from './media-type';
import { type SimMessage, type StatusStep } from './message';

export const TWILIO_API_VERSION = '2010-04-01';

/** Form fields of a webhook; every value is a string, exactly as Twilio posts them. */
export type WebhookParams = Record<string, string>;

/**
 * The form Twilio posts to a number's messaging webhook when an SMS arrives. There is no
 * `MessagingServiceSid`: the simulated numbers belong to no messaging service.
 */
export function inboundWebhookParams(message: SimMessage): WebhookParams {
  const params: WebhookParams = {
    MessageSid: message.sid,
    SmsSid: message.sid,
    SmsMessageSid: message.sid,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    Body: message.body,
    NumMedia: String(message.mediaUrls.length),
    NumSegments: String(message.numSegments),
    SmsStatus: 'received',
    ApiVersion: TWILIO_API_VERSION,
  };
  message.mediaUrls.forEach((url, index) => {
    params[`MediaUrl${index}`] = url;
    params[`MediaContentType${index}`] = message.media?.[index]?.contentType ?? guessMediaContentType(url);
  });
  return params;
}

/** The form Twilio posts to a message's StatusCallback URL when its status changes. */
export function statusCallbackParams(message: SimMessage, step: StatusStep): WebhookParams {
  const params: WebhookParams = {
    MessageSid: message.sid,
    MessageStatus: step.status,
    SmsSid: message.sid,
    SmsStatus: step.status,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    ApiVersion: TWILIO_API_VERSION,
  };
  if (step.errorCode !== null) params.ErrorCode = String(step.errorCode);
  return params;
}
