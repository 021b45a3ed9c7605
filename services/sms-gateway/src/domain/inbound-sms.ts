import { type CountryCode, toE164 } from '@threadline/contracts';
import {
  blankFields,
  formField,
  missingFieldsRejection,
  type Parsed,
  repeatedFields,
  repeatedFieldsRejection,
  type WebhookForm,
} from './webhook-form';

export interface InboundMedia {
  url: string;
  contentType: string;
}

/** An SMS (or MMS) from a requester, as Twilio's inbound webhook describes it, normalised. */
export interface InboundSms {
  providerMessageId: string;
  /** E.164 */
  from: string;
  /** E.164 */
  to: string;
  body: string;
  media: InboundMedia[];
}

export interface InboundSmsRules {
  defaultRegion: CountryCode;
  /** Largest accepted Body, in UTF-8 bytes. */
  maxBodyBytes: number;
}

/** Twilio delivers at most ten media items with one message. */
export const MAX_MEDIA_ITEMS = 10;

/** The media fields of items 0 to count - 1, in the order they are reported. */
function mediaFields(count: number): string[] {
  return Array.from({ length: count }, (_, index) => [`MediaUrl${index}`, `MediaContentType${index}`]).flat();
}

/** Every field of the inbound webhook that the gateway reads (AccountSid in the controller). */
export const INBOUND_SMS_FIELDS: readonly string[] = [
  'AccountSid',
  'MessageSid',
  'From',
  'To',
  'Body',
  'NumMedia',
  ...mediaFields(MAX_MEDIA_ITEMS),
];

/**
 * Reads Twilio's inbound webhook form. Checks run in a fixed order (repeated fields, NumMedia,
 * missing fields, phone numbers, body size, media) so a request with several faults always
 * gets the same answer. Body may be empty (an MMS with only a picture) but must be present.
 */
export function parseInboundSms(form: WebhookForm, rules: InboundSmsRules): Parsed<InboundSms> {
  // First: a repeated NumMedia would otherwise read as absent, and its media as none.
  const repeated = repeatedFields(form, INBOUND_SMS_FIELDS);
  if (repeated.length > 0) return { ok: false, rejection: repeatedFieldsRejection(repeated) };
  const numMedia = parseNumMedia(formField(form, 'NumMedia'));
  if (numMedia === null) {
    return invalid(`NumMedia must be a whole number from 0 to ${MAX_MEDIA_ITEMS}`, 'NumMedia');
  }
  const missing = [
    ...blankFields(form, ['MessageSid', 'From', 'To']),
    ...(formField(form, 'Body') === undefined ? ['Body'] : []),
    ...blankFields(form, mediaFields(numMedia)),
  ];
  if (missing.length > 0) return { ok: false, rejection: missingFieldsRejection(missing) };

  const from = toE164(formField(form, 'From')!, rules.defaultRegion);
  const to = toE164(formField(form, 'To')!, rules.defaultRegion);
  const invalidNumbers = [...(from ? [] : ['From']), ...(to ? [] : ['To'])];
  if (!from || !to) {
    return {
      ok: false,
      rejection: {
        code: 'PHONE_NUMBER_INVALID',
        message: `not a phone number: ${invalidNumbers.join(', ')}`,
        details: { fields: invalidNumbers },
      },
    };
  }

  const body = formField(form, 'Body')!;
  const tooLarge = bodyTooLarge('Body', body, rules);
  if (tooLarge) return tooLarge;

  const media: InboundMedia[] = [];
  for (let index = 0; index < numMedia; index++) {
    const url = formField(form, `MediaUrl${index}`)!.trim();
    if (!isHttpUrl(url)) return invalid(`MediaUrl${index} must be an http(s) URL`, `MediaUrl${index}`);
    media.push({ url, contentType: formField(form, `MediaContentType${index}`)!.trim() });
  }

  return {
    ok: true,
    value: { providerMessageId: formField(form, 'MessageSid')!.trim(), from, to, body, media },
  };
}

/** Absent means no media; anything else must be a small whole number. */
/** A text over `rules.maxBodyBytes` (UTF-8) refused, named as the provider names the field. */
export function bodyTooLarge(field: string, body: string, rules: InboundSmsRules): Parsed<never> | null {
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  if (bodyBytes <= rules.maxBodyBytes) return null;
  return {
    ok: false,
    rejection: {
      code: 'SMS_BODY_TOO_LARGE',
      message: `${field} is ${bodyBytes} bytes; at most ${rules.maxBodyBytes} are accepted`,
      details: { bytes: bodyBytes, maxBytes: rules.maxBodyBytes },
    },
  };
}

function parseNumMedia(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return 0;
  if (!/^\d{1,2}$/.test(value.trim())) return null;
  const count = Number(value.trim());
  return count <= MAX_MEDIA_ITEMS ? count : null;
}

/** Whether a provider's media link is an http(s) URL we may fetch. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function invalid(message: string, field: string): Parsed<never> {
  return { ok: false, rejection: { code: 'VALIDATION_FAILED', message, details: { fields: [field] } } };
}
