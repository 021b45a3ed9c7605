import { SmsGatewayErrorCodes as Codes } from './error-codes';
import { type InboundSmsRules, MAX_MEDIA_ITEMS } from './inbound-sms';
import { formField, type WebhookForm, type WebhookRejection } from './webhook-form';

/**
 * The refusals of an authentic inbound webhook (signature and account checked) that are kept
 * as a rejected message for operators: the provider did deliver a requester's message, and
 * only its content stopped us. Other refusals are not kept: a malformed NumMedia or media URL
 * (VALIDATION_FAILED) is a fault of the provider's request rather than of the message.
 */
export const KEPT_REJECTION_CODES = [
  Codes.WEBHOOK_FIELD_MISSING,
  Codes.WEBHOOK_FIELD_REPEATED,
  Codes.PHONE_NUMBER_INVALID,
  Codes.SMS_BODY_TOO_LARGE,
  Codes.UNKNOWN_COMPANY_NUMBER,
] as const;

export type KeptRejectionCode = (typeof KEPT_REJECTION_CODES)[number];

/** A media item as the provider listed it; either half may be missing, which can be the reason. */
export interface RejectedMedia {
  url: string | null;
  contentType: string | null;
}

/** An inbound message refused for its content, as it is kept: the fields as sent, and why. */
export interface RejectedInboundSms {
  providerMessageId: string;
  /**
   * As sent (not normalised, since that may be what failed); null when absent. This and the
   * other fields hold a JSON list of the values when the field was sent more than once.
   */
  from: string | null;
  /** As sent; null when absent. */
  to: string | null;
  /** At most the configured body limit; null when absent. */
  body: string | null;
  bodyTruncated: boolean;
  media: RejectedMedia[];
  code: KeptRejectionCode;
  /** For operators: what was wrong, in words. */
  reason: string;
}

/** The refusal of a message to a number that is not one of our active company numbers. */
export function unknownCompanyNumber(provider: string): WebhookRejection {
  return {
    code: Codes.UNKNOWN_COMPANY_NUMBER,
    message: `To is not an active ${provider} company number`,
    details: { field: 'To' },
  };
}

/**
 * What to keep of a refused inbound webhook, or null when it is not kept: a refusal of
 * another kind, or a webhook without a MessageSid, which nothing could tell apart from its
 * own retries (and which a provider never sends).
 */
export function rejectedInboundSms(
  form: WebhookForm,
  rejection: WebhookRejection,
  rules: InboundSmsRules,
): RejectedInboundSms | null {
  if (!isKeptCode(rejection.code)) return null;
  const providerMessageId = formField(form, 'MessageSid')?.trim();
  if (!providerMessageId) return null;
  const sentBody = fieldAsSent(form, 'Body');
  const body = sentBody === null ? null : truncateUtf8(sentBody, rules.maxBodyBytes);
  return {
    providerMessageId,
    from: fieldAsSent(form, 'From'),
    to: fieldAsSent(form, 'To'),
    body,
    bodyTruncated: body !== sentBody,
    media: mediaAsSent(form),
    code: rejection.code,
    reason: reasonFor(rejection.code, form, rejection, rules),
  };
}

function isKeptCode(code: string): code is KeptRejectionCode {
  return (KEPT_REJECTION_CODES as readonly string[]).includes(code);
}

function reasonFor(
  code: KeptRejectionCode,
  form: WebhookForm,
  rejection: WebhookRejection,
  rules: InboundSmsRules,
): string {
  const fields = fieldsOf(rejection);
  switch (code) {
    case Codes.WEBHOOK_FIELD_MISSING:
      return `the provider sent no ${fields.join(', ')}`;
    case Codes.WEBHOOK_FIELD_REPEATED:
      return `the provider sent ${fields.join(', ')} more than once; each is kept as a JSON list of its values`;
    case Codes.PHONE_NUMBER_INVALID:
      return `${fields.join(' and ')} ${fields.length > 1 ? 'are not phone numbers' : 'is not a phone number'}, even read as a national number of ${rules.defaultRegion}`;
    case Codes.SMS_BODY_TOO_LARGE:
      return `the body is ${Buffer.byteLength(formField(form, 'Body') ?? '', 'utf8')} bytes, over the limit of ${rules.maxBodyBytes}; its first ${rules.maxBodyBytes} bytes are kept`;
    case Codes.UNKNOWN_COMPANY_NUMBER:
      return `${formField(form, 'To') ?? 'To'} is not one of our active company numbers`;
  }
}

/** The fields a rejection names, in the order it names them. */
function fieldsOf(rejection: WebhookRejection): string[] {
  const fields = rejection.details?.fields;
  return Array.isArray(fields) ? fields.filter((field): field is string => typeof field === 'string') : [];
}

/** Every media item the form mentions, whatever NumMedia says, so nothing sent is lost. */
function mediaAsSent(form: WebhookForm): RejectedMedia[] {
  const media: RejectedMedia[] = [];
  for (let index = 0; index < MAX_MEDIA_ITEMS; index++) {
    const url = fieldAsSent(form, `MediaUrl${index}`);
    const contentType = fieldAsSent(form, `MediaContentType${index}`);
    if (url !== null || contentType !== null) media.push({ url, contentType });
  }
  return media;
}

/**
 * A field as the provider sent it: its value, all its values as a JSON list when it was sent
 * more than once (so none is lost or picked over another), or null when absent.
 */
function fieldAsSent(form: WebhookForm, name: string): string | null {
  const value = form[name];
  if (Array.isArray(value)) return JSON.stringify(value.filter((one) => typeof one === 'string'));
  return formField(form, name) ?? null;
}

/** The longest start of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  // encodeInto writes whole characters only, and says how much of the text it consumed.
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}
