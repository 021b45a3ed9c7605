import { toE164 } from '@threadline/contracts';
import { z } from 'zod';
import { withoutControlCharacters } from './control-characters';
import {
  bodyTooLarge,
  type InboundMedia,
  type InboundSms,
  type InboundSmsRules,
  isHttpUrl,
  MAX_MEDIA_ITEMS,
} from './inbound-sms';
import type { StatusCallback } from './status-callback';
import type { Parsed, WebhookForm, WebhookRejection } from './webhook-form';

/** The Telnyx messaging events the gateway acts on; any other event type is acknowledged and ignored. */
export const TELNYX_INBOUND_EVENT = 'message.received';
export const TELNYX_STATUS_EVENTS = ['message.sent', 'message.finalized'] as const;

/** A verified Telnyx webhook, read. */
export type TelnyxEvent =
  | { kind: 'inbound'; sms: InboundSms; controlCharactersRemoved: number }
  | { kind: 'status'; callback: StatusCallback }
  | { kind: 'ignored'; eventType: string };

const phone = z.object({ phone_number: z.string() });
const envelope = z.object({
  data: z.object({
    event_type: z.string().min(1),
    payload: z.record(z.string(), z.unknown()),
  }),
});
const inboundPayload = z.object({
  id: z.string().trim().min(1),
  from: phone,
  to: z.array(phone).min(1),
  text: z.string().nullish(),
  media: z
    .array(z.object({ url: z.string(), content_type: z.string().nullish() }))
    .max(MAX_MEDIA_ITEMS)
    .nullish(),
});
const statusPayload = z.object({
  id: z.string().trim().min(1),
  to: z.array(z.object({ status: z.string() })).min(1),
  errors: z.array(z.object({ code: z.union([z.string(), z.number()]) })).nullish(),
});

/**
 * Reads a Telnyx Messaging API v2 webhook (after its signature was checked): an inbound
 * message becomes the same InboundSms as Twilio's (numbers in E.164, control characters
 * removed from the text, decision 21), a delivery event the same StatusCallback, with
 * `to[0].status` as the provider's status and `errors[0].code` as its error code.
 */
export function parseTelnyxEvent(body: unknown, rules: InboundSmsRules): Parsed<TelnyxEvent> {
  const event = envelope.safeParse(body);
  if (!event.success)
    return invalid('not a Telnyx event: data.event_type and data.payload are required', ['data']);
  const { event_type: eventType, payload } = event.data.data;
  if (eventType === TELNYX_INBOUND_EVENT) return parseInbound(payload, rules);
  if ((TELNYX_STATUS_EVENTS as readonly string[]).includes(eventType)) return parseStatus(payload);
  return { ok: true, value: { kind: 'ignored', eventType } };
}

function parseInbound(payload: unknown, rules: InboundSmsRules): Parsed<TelnyxEvent> {
  const message = inboundPayload.safeParse(payload);
  if (!message.success)
    return invalid(
      'a message.received payload needs id, from, to and text or media',
      fieldsOf(message.error),
    );
  const { id, from: sender, to: recipients, text, media } = message.data;
  const from = toE164(sender.phone_number, rules.defaultRegion);
  const to = toE164(recipients[0]!.phone_number, rules.defaultRegion);
  if (!from || !to) {
    const fields = [...(from ? [] : ['from.phone_number']), ...(to ? [] : ['to[0].phone_number'])];
    return {
      ok: false,
      rejection: {
        code: 'PHONE_NUMBER_INVALID',
        message: `not a phone number: ${fields.join(', ')}`,
        details: { fields },
      },
    };
  }
  const cleaned = withoutControlCharacters({ text: text ?? '' }, ['text']);
  const body = cleaned.form.text as string;
  const tooLarge = bodyTooLarge('text', body, rules);
  if (tooLarge) return tooLarge;
  const items: InboundMedia[] = [];
  for (const [index, item] of (media ?? []).entries()) {
    if (!isHttpUrl(item.url.trim()))
      return invalid(`media[${index}].url must be an http(s) URL`, [`media[${index}].url`]);
    items.push({ url: item.url.trim(), contentType: item.content_type?.trim() ?? '' });
  }
  return {
    ok: true,
    value: {
      kind: 'inbound',
      sms: { providerMessageId: id, from, to, body, media: items },
      controlCharactersRemoved: cleaned.removed.text ?? 0,
    },
  };
}

function parseStatus(payload: unknown): Parsed<TelnyxEvent> {
  const message = statusPayload.safeParse(payload);
  if (!message.success)
    return invalid('a delivery event payload needs id and to[0].status', fieldsOf(message.error));
  const { id, to, errors } = message.data;
  const errorCode = errors?.[0]?.code;
  return {
    ok: true,
    value: {
      kind: 'status',
      callback: {
        providerMessageId: id,
        providerStatus: to[0]!.status.trim().toLowerCase(),
        errorCode:
          errorCode === undefined || String(errorCode).trim() === '' ? null : String(errorCode).trim(),
      },
    },
  };
}

function fieldsOf(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => ['payload', ...issue.path.map(String)].join('.')))];
}

function invalid(message: string, fields: string[]): Parsed<never> {
  const rejection: WebhookRejection = { code: 'VALIDATION_FAILED', message, details: { fields } };
  return { ok: false, rejection };
}

/**
 * A `message.received` event as the fields of Twilio's inbound form (MessageSid, From, To,
 * Body, MediaUrlN, MediaContentTypeN), as sent, so a refused one is kept for operators the same
 * way (KeepRejectedInboundSmsUseCase); null for any other event.
 */
export function telnyxInboundAsForm(body: unknown): WebhookForm | null {
  const data = record(record(body)?.data);
  if (data?.event_type !== TELNYX_INBOUND_EVENT) return null;
  const payload = record(data.payload);
  const form: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    if (typeof value === 'string') form[name] = value;
  };
  put('MessageSid', payload?.id);
  put('From', record(payload?.from)?.phone_number);
  put('To', record(Array.isArray(payload?.to) ? (payload.to as unknown[])[0] : undefined)?.phone_number);
  put('Body', payload?.text);
  const media = Array.isArray(payload?.media) ? (payload.media as unknown[]) : [];
  media.slice(0, MAX_MEDIA_ITEMS).forEach((item, index) => {
    put(`MediaUrl${index}`, record(item)?.url);
    put(`MediaContentType${index}`, record(item)?.content_type);
  });
  return form;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
