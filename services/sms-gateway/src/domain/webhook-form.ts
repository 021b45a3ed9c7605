import type { SmsGatewayErrorCode } from './error-codes';

/** A form body as the platform's urlencoded parser hands it over: field name to value(s). */
export type WebhookForm = Readonly<Record<string, unknown>>;

/** Why a webhook was refused; the HTTP layer turns it into a 400 of the one error shape. */
export interface WebhookRejection {
  code: SmsGatewayErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; rejection: WebhookRejection };

/** Any parsed body as a form; a request without one (or with a JSON array) has no fields. */
export function asWebhookForm(body: unknown): WebhookForm {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return { ...body };
}

/**
 * A single-valued field. Twilio sends each field once; a repeated field (an array) is refused
 * before anything reads the form (repeatedFields), and reads as absent rather than guessed at.
 */
export function formField(form: WebhookForm, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

/** Fields that are absent or blank, in the order asked. */
export function blankFields(form: WebhookForm, names: readonly string[]): string[] {
  return names.filter((name) => (formField(form, name) ?? '').trim() === '');
}

/** Fields sent more than once, in the order asked. */
export function repeatedFields(form: WebhookForm, names: readonly string[]): string[] {
  return names.filter((name) => Array.isArray(form[name]));
}

/** Whether the webhook names our provider account. */
export function isFromAccount(form: WebhookForm, accountSid: string): boolean {
  return formField(form, 'AccountSid') === accountSid;
}

export function missingFieldsRejection(fields: string[]): WebhookRejection {
  return {
    code: 'WEBHOOK_FIELD_MISSING',
    message: `required webhook field(s) missing: ${fields.join(', ')}`,
    details: { fields },
  };
}

export function repeatedFieldsRejection(fields: string[]): WebhookRejection {
  return {
    code: 'WEBHOOK_FIELD_REPEATED',
    message: `webhook field(s) sent more than once: ${fields.join(', ')}`,
    details: { fields },
  };
}
