/** Where Twilio posts to us; the paths are part of each number's and message's configuration. */
export const TWILIO_WEBHOOKS = {
  controller: 'webhooks/twilio',
  inboundSms: 'sms',
  status: 'status',
} as const;

/** The query parameter of our StatusCallback URLs that names the message (see the status controller). */
export const OUTBOUND_ID_PARAM = 'outboundId';

/** The StatusCallback URL of one outbound message, as the provider will call (and sign) it. */
export function statusCallbackUrl(publicBaseUrl: string, outboundId: string): string {
  const path = `/${TWILIO_WEBHOOKS.controller}/${TWILIO_WEBHOOKS.status}`;
  return `${publicBaseUrl}${path}?${new URLSearchParams({ [OUTBOUND_ID_PARAM]: outboundId }).toString()}`;
}

/** Where Telnyx posts to us: one URL for inbound messages and delivery events alike. */
export const TELNYX_WEBHOOKS = { controller: 'webhooks/telnyx' } as const;

/**
 * The webhook_url of one outbound message: Telnyx signs only the body, so the outboundId in
 * the URL is a lookup hint, checked against the message's Telnyx id before it is trusted.
 */
export function telnyxWebhookUrl(publicBaseUrl: string, outboundId: string): string {
  return `${publicBaseUrl}/${TELNYX_WEBHOOKS.controller}?${new URLSearchParams({ [OUTBOUND_ID_PARAM]: outboundId }).toString()}`;
}
