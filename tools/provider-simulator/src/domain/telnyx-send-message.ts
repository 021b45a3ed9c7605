import { z } from 'zod';
import { isHttpUrl } from './http-url';
import { isE164 } from './phone-number';
import { MAX_BODY_LENGTH, type CreateMessageRequest } from './twilio-create-message';

/** Telnyx's error body: `{ errors: [{ code, title, detail }] }`. */
export class TelnyxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }

  toBody() {
    return { errors: [{ code: this.code, title: this.title, detail: this.detail }] };
  }
}

export const telnyxErrors = {
  unauthorized: () =>
    new TelnyxApiError(
      401,
      '10009',
      'Authentication failed',
      'The API key is missing or not this account’s.',
    ),
  notFound: (path: string) =>
    new TelnyxApiError(404, '10005', 'Resource not found', `No resource at ${path}.`),
  invalid: (field: string, detail: string) => new TelnyxApiError(422, '40001', `Invalid '${field}'`, detail),
  fromNotOwned: (from: string) =>
    new TelnyxApiError(400, '40305', "Invalid 'from' address", `${from} is not a number of this account.`),
  internal: () => new TelnyxApiError(500, '10007', 'Unexpected error', 'The simulator failed.'),
  unavailable: (status: number) =>
    new TelnyxApiError(status, '10007', 'Unexpected error', 'The messaging API is unavailable.'),
};

const body = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  text: z.string().optional(),
  media_urls: z.array(z.string()).optional(),
  webhook_url: z.string().optional(),
  use_profile_webhooks: z.boolean().optional(),
  messaging_profile_id: z.string().optional(),
});

/**
 * Validates a `POST /v2/messages` body as Telnyx does, for a `from` that must be one of the
 * account's numbers, and throws the Telnyx error a real account would answer with.
 */
export function parseTelnyxSendMessage(
  input: unknown,
  accountNumbers: ReadonlySet<string>,
): CreateMessageRequest {
  const parsed = body.safeParse(input ?? {});
  if (!parsed.success) throw telnyxErrors.invalid('body', 'The request body is not a message.');
  const { from = '', to = '', text = '', media_urls: mediaUrls = [], webhook_url: webhookUrl } = parsed.data;
  if (!isE164(to)) throw telnyxErrors.invalid('to', 'to must be an E.164 phone number.');
  if (!isE164(from)) throw telnyxErrors.invalid('from', 'from must be an E.164 phone number.');
  if (!accountNumbers.has(from)) throw telnyxErrors.fromNotOwned(from);
  if (text === '' && mediaUrls.length === 0)
    throw telnyxErrors.invalid('text', 'text or media_urls is required.');
  if (text.length > MAX_BODY_LENGTH)
    throw telnyxErrors.invalid('text', `text is over ${MAX_BODY_LENGTH} characters.`);
  if (webhookUrl !== undefined && !isHttpUrl(webhookUrl)) {
    throw telnyxErrors.invalid('webhook_url', 'webhook_url must be an http(s) URL.');
  }
  return { to, from, body: text, mediaUrls, statusCallback: webhookUrl ?? null };
}
