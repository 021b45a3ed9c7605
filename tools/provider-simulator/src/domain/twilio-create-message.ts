import { z } from 'zod';
import { isHttpUrl } from './http-url';
import { isE164 } from './phone-number';
import { twilioErrors } from './twilio-error';

/** Twilio refuses bodies longer than this (after concatenation). */
export const MAX_BODY_LENGTH = 1600;

export interface CreateMessageRequest {
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
}

// A urlencoded form: a field sent twice (MediaUrl) arrives as an array.
const formSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/**
 * Validates a `POST Messages.json` form in the order Twilio does and throws the Twilio error a
 * real account would answer with. Media without a body is a valid MMS, as on Twilio.
 */
export function parseCreateMessageForm(input: unknown): CreateMessageRequest {
  const parsed = formSchema.safeParse(input ?? {});
  const form = parsed.success ? parsed.data : {};
  const first = (key: string): string => {
    const value = form[key];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const mediaUrls = [form.MediaUrl ?? []].flat().filter((url) => url !== '');

  const to = first('To');
  if (to === '') throw twilioErrors.toMissing();
  if (!isE164(to)) throw twilioErrors.toInvalid(to);
  const from = first('From');
  if (from === '') throw twilioErrors.fromMissing();
  if (!isE164(from)) throw twilioErrors.fromInvalid(from);
  const body = first('Body');
  if (body === '' && mediaUrls.length === 0) throw twilioErrors.bodyMissing();
  if (body.length > MAX_BODY_LENGTH) throw twilioErrors.bodyTooLong();
  const statusCallback = first('StatusCallback');
  if (statusCallback !== '' && !isHttpUrl(statusCallback)) throw twilioErrors.statusCallbackInvalid();

  return { to, from, body, mediaUrls, statusCallback: statusCallback === '' ? null : statusCallback };
}
