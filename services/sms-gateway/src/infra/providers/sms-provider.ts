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
  /** SPEC S5: URLs the provider fetches the images to send from (signed, expiring). */
  mediaUrls?: readonly string[];
}

/** A medium of an inbound MMS, read from the provider. */
export interface FetchedMedia {
  bytes: Buffer;
  /** As the provider served it. */
  contentType: string;
}

export interface MediaFetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export type SendResult =
  /** The provider took the message; statuses follow through callbacks. */
  | { outcome: 'accepted'; providerMessageId: string; status: DeliveryStatus }
  /** The provider refused it for good (bad number, opted out, ...): retrying cannot help. */
  | { outcome: 'rejected'; errorCode: string; message: string };

/** What we know of a send that may already be with the provider. */
export interface FindSentRequest extends SendRequest {
  /** The provider may hold it only if it was created at or after this moment. */
  since: Date;
}

/** A message the provider holds that matches a {@link FindSentRequest}. */
export interface SentMessage {
  providerMessageId: string;
  status: DeliveryStatus;
}

/**
 * An SMS provider's send API. A failure worth retrying (the provider unreachable, slow,
 * overloaded or failing) is thrown as a {@link ProviderUnavailableError}; a refusal is a result.
 */
export interface SmsProvider {
  /** Stored with every message: `twilio`, ... */
  readonly key: string;
  send(request: SendRequest): Promise<SendResult>;
  /**
   * The messages the provider holds that may be this send from an earlier attempt whose answer
   * we never read, oldest first; the caller leaves out the ones it already knows. Without it,
   * a retry after an unknown outcome may send twice. Throws {@link ProviderUnavailableError}
   * when the provider cannot answer, so the send waits rather than risks a duplicate.
   */
  findSent?(request: FindSentRequest): Promise<SentMessage[]>;
  /**
   * Reads one medium of an inbound MMS from the provider, with whatever credentials the provider
   * wants. Throws the platform's MediaTooLargeError past `maxBytes` (having stopped reading),
   * a {@link MediaFetchError} when it cannot be had.
   */
  fetchMedia(url: string, limits: MediaFetchLimits): Promise<FetchedMedia>;
}

/** A medium could not be fetched: unreachable, refused, timed out. */
export class MediaFetchError extends Error {
  override readonly name = 'MediaFetchError';
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

/**
 * The provider could not take the message now; the send is retried later, and recorded failed
 * with `errorCode` once the attempts run out.
 */
export class ProviderUnavailableError extends Error {
  override readonly name: string = 'ProviderUnavailableError';
  constructor(
    message: string,
    /** `PROVIDER_UNAVAILABLE` (no answer: refused, reset, timed out) or `HTTP_<status>`. */
    readonly errorCode: string = 'PROVIDER_UNAVAILABLE',
    options?: { cause?: unknown },
  ) {
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
    super(message, 'HTTP_429');
  }
}
