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

/**
 * An SMS provider's send API. A failure worth retrying (the provider unreachable, slow,
 * overloaded or failing) is thrown as a {@link ProviderUnavailableError}; a refusal is a result.
 */
export interface SmsProvider {
  /** Stored with every message: `twilio`, ... */
  readonly key: string;
  send(request: SendRequest): Promise<SendResult>;
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

/** The provider could not take the message now; the send is retried later. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
