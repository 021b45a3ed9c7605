import { z } from 'zod';
import { fromTelnyxStatus } from '../../domain/delivery-status';
import { throttleBackoffMs } from '../../domain/send-rate';
import { fetchMediaFrom } from './media-fetch';
import { callProvider, parseJson } from './provider-http';
import {
  type FetchedMedia,
  type MediaFetchLimits,
  ProviderThrottledError,
  ProviderUnavailableError,
  type SendRequest,
  type SendResult,
  type SmsProvider,
} from './sms-provider';

export const TELNYX = 'telnyx';

export interface TelnyxProviderSettings {
  apiKey: string;
  /** `https://api.telnyx.com`, or the simulator's URL. */
  apiBaseUrl: string;
  /** Sent with each message when set; a number assigned to a profile needs none. */
  messagingProfileId: string | null;
  /** The webhook_url Telnyx should post this message's delivery events to. */
  webhookUrl: (outboundId: string) => string;
  timeoutMs: number;
  /** The global fetch unless a test stands in for the network. */
  fetch?: typeof fetch;
}

/** The parts of Telnyx's message resource we use (`POST /v2/messages` answers `{ data }`). */
const messageResource = z.object({
  data: z.object({
    id: z.string().min(1),
    to: z.array(z.object({ status: z.string() })).min(1),
  }),
});
/** Telnyx's error body, e.g. `{ errors: [{ code: "40310", title: "Invalid 'to' address" }] }`. */
const errorBody = z.object({
  errors: z
    .array(
      z.object({
        code: z.union([z.string(), z.number()]),
        title: z.string().optional(),
        detail: z.string().optional(),
      }),
    )
    .min(1),
});

/** Sends through Telnyx's Messaging API v2: JSON with a bearer API key in, JSON out. */
export class TelnyxProvider implements SmsProvider {
  readonly key = TELNYX;
  private readonly fetch: typeof fetch;
  private readonly endpoint: string;

  constructor(private readonly settings: TelnyxProviderSettings) {
    this.fetch = settings.fetch ?? globalThis.fetch;
    this.endpoint = `${settings.apiBaseUrl}/v2/messages`;
  }

  async send(request: SendRequest): Promise<SendResult> {
    const message = {
      from: request.from,
      to: request.to,
      text: request.body,
      // SPEC S5: images Telnyx fetches from our signed URLs, as Twilio's MediaUrl.
      ...(request.mediaUrls?.length ? { media_urls: [...request.mediaUrls] } : {}),
      ...(this.settings.messagingProfileId === null
        ? {}
        : { messaging_profile_id: this.settings.messagingProfileId }),
      // Per message, so the delivery events carry our outboundId (see telnyxWebhookUrl).
      webhook_url: this.settings.webhookUrl(request.outboundId),
      use_profile_webhooks: false,
    };
    const { response, text } = await callProvider(
      'Telnyx',
      this.fetch,
      this.endpoint,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.settings.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(message),
      },
      this.settings.timeoutMs,
    );
    if (response.status === 429) {
      // Sending too fast: the number pauses on every replica (docs/send-rates.md).
      throw new ProviderThrottledError(
        'Telnyx answered 429: sending too fast',
        throttleBackoffMs(response.headers.get('retry-after'), Date.now()),
      );
    }
    if (response.status >= 500) {
      throw new ProviderUnavailableError(`Telnyx answered ${response.status}`, `HTTP_${response.status}`);
    }
    if (response.status >= 400) {
      const refusal = errorBody.safeParse(parseJson(text));
      const first = refusal.success ? refusal.data.errors[0] : undefined;
      return {
        outcome: 'rejected',
        errorCode: first ? String(first.code) : `HTTP_${response.status}`,
        message: first?.detail ?? first?.title ?? `Telnyx answered ${response.status}`,
      };
    }
    const accepted = messageResource.safeParse(parseJson(text));
    if (!response.ok || !accepted.success) {
      // Telnyx may have taken the message; retrying may send it twice, which beats never
      // sending it. Only a malfunctioning provider answers like this.
      throw new ProviderUnavailableError(
        `Telnyx answered ${response.status} with an unreadable message resource`,
        `HTTP_${response.status}`,
      );
    }
    return {
      outcome: 'accepted',
      providerMessageId: accepted.data.data.id,
      status: fromTelnyxStatus(accepted.data.data.to[0]!.status) ?? 'queued',
    };
  }

  /** Telnyx's media links are fetched as they are, without the API key. */
  fetchMedia(url: string, limits: MediaFetchLimits): Promise<FetchedMedia> {
    return fetchMediaFrom(this.fetch, url, {}, limits);
  }
}
