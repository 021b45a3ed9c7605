import type { DeliveryStatus } from '../../domain/delivery-status';

/** Injection token of the {@link SmsProviders} the gateway sends through. */
export const SMS_PROVIDERS = Symbol('sms-gateway.smsProviders');

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

/**
 * The provider accounts the gateway sends through, by key. Each company number belongs to one
 * (company_number.provider), and its messages leave through that one.
 */
export class SmsProviders {
  private readonly byKey: ReadonlyMap<string, SmsProvider>;

  constructor(providers: readonly SmsProvider[]) {
    this.byKey = new Map(providers.map((provider) => [provider.key, provider]));
  }

  /** The provider of this key, or undefined for a key no account is configured for. */
  get(key: string): SmsProvider | undefined {
    return this.byKey.get(key);
  }
}

/** The provider could not take the message now; the send is retried later. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
