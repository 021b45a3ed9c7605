import type { DeliveryStatus } from '../../domain/delivery-status';

/** Injection token of the {@link SmsProvider} the gateway sends through. */
export const SMS_PROVIDER = Symbol('sms-gateway.smsProvider');

export interface SendRequest {
  /** Our idempotency key of the send; the provider reports statuses against it. */
  outboundId: string;
  /** E.164 company number */
  from: string;
  /** E.164 requester number */
  to: string;
  body: string;
}

export type SendResult =
  /** The provider took the message; statuses follow through callbacks. */
  | { outcome: 'accepted'; providerMessageId: string; status: DeliveryStatus }
  /** The provider refused it for good (bad number, opted out, ...): retrying cannot help. */
  | { outcome: 'rejected'; errorCode: string; message: string };

/**
 * An SMS provider's send API. A failure worth retrying (the provider unreachable, slow,
 * overloaded or failing) is thrown as a {@link ProviderUnavailableError}; a refusal is a result.
 */
export interface SmsProvider {
  /** Stored with every message: `twilio`, ... */
  readonly key: string;
  send(request: SendRequest): Promise<SendResult>;
}

/** The provider could not take the message now; the send is retried later. */
export class ProviderUnavailableError extends Error {
  override readonly name: string = 'ProviderUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The provider refused the message because the number sends too fast (HTTP 429 or its own
 * throttling code). The send path pauses the number for `retryAfterMs` on every replica, and
 * the message is retried like any unavailability.
 */
export class ProviderThrottledError extends ProviderUnavailableError {
  override readonly name = 'ProviderThrottledError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
