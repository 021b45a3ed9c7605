/** The codes the gateway answers with (docs/first-conversation.md), beyond the platform's. */
export const SmsGatewayErrorCodes = {
  /** A webhook of a provider account this gateway does not run (SMS_PROVIDERS). */
  PROVIDER_NOT_CONFIGURED: 'PROVIDER_NOT_CONFIGURED',
  SIGNATURE_MISSING: 'SIGNATURE_MISSING',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** A signed webhook whose timestamp is outside the replay window (Telnyx). */
  SIGNATURE_STALE: 'SIGNATURE_STALE',
  /** A signed webhook whose signature was already seen within the replay window (Telnyx). */
  SIGNATURE_REPLAYED: 'SIGNATURE_REPLAYED',
  ACCOUNT_MISMATCH: 'ACCOUNT_MISMATCH',
  WEBHOOK_FIELD_MISSING: 'WEBHOOK_FIELD_MISSING',
  WEBHOOK_FIELD_REPEATED: 'WEBHOOK_FIELD_REPEATED',
  PHONE_NUMBER_INVALID: 'PHONE_NUMBER_INVALID',
  SMS_BODY_TOO_LARGE: 'SMS_BODY_TOO_LARGE',
  UNKNOWN_COMPANY_NUMBER: 'UNKNOWN_COMPANY_NUMBER',
  OUTBOUND_MESSAGE_UNKNOWN: 'OUTBOUND_MESSAGE_UNKNOWN',
  /** The platform's code for a value of the wrong form; reused for malformed webhook fields. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
} as const;

export type SmsGatewayErrorCode = (typeof SmsGatewayErrorCodes)[keyof typeof SmsGatewayErrorCodes];
