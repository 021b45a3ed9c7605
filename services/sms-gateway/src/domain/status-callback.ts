import {
  blankFields,
  formField,
  missingFieldsRejection,
  type Parsed,
  repeatedFields,
  repeatedFieldsRejection,
  type WebhookForm,
} from './webhook-form';

/** One delivery report from the provider about a message we sent. */
export interface StatusCallback {
  providerMessageId: string;
  /** The provider's own word for the status, as sent (Twilio: `sent`, `delivered`, ...). */
  providerStatus: string;
  /** The provider's error code, for undelivered and failed messages. */
  errorCode: string | null;
}

/** Every field of a status callback that the gateway reads (AccountSid in the controller). */
export const STATUS_CALLBACK_FIELDS: readonly string[] = [
  'AccountSid',
  'MessageSid',
  'MessageStatus',
  'ErrorCode',
];

export function parseStatusCallback(form: WebhookForm): Parsed<StatusCallback> {
  const repeated = repeatedFields(form, STATUS_CALLBACK_FIELDS);
  if (repeated.length > 0) return { ok: false, rejection: repeatedFieldsRejection(repeated) };
  const missing = blankFields(form, ['MessageSid', 'MessageStatus']);
  if (missing.length > 0) return { ok: false, rejection: missingFieldsRejection(missing) };
  const errorCode = formField(form, 'ErrorCode')?.trim();
  return {
    ok: true,
    value: {
      providerMessageId: formField(form, 'MessageSid')!.trim(),
      providerStatus: formField(form, 'MessageStatus')!.trim().toLowerCase(),
      errorCode: errorCode ? errorCode : null,
    },
  };
}
