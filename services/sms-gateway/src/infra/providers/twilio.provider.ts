import { z } from 'zod';
import { fromTwilioStatus } from '../../domain/delivery-status';
import { MediaTooLargeError, readLimited } from '@threadline/platform';
import {
  type FetchedMedia,
  MediaFetchError,
  type MediaFetchLimits,
  ProviderUnavailableError,
  type SendRequest,
  type SendResult,
  type SmsProvider,
} from './sms-provider';

export const TWILIO = 'twilio';

export interface TwilioProviderSettings {
  accountSid: string;
  authToken: string;
  /** `https://api.twilio.com`, or the simulator's URL. */
  apiBaseUrl: string;
  /** The StatusCallback Twilio should post this message's delivery reports to. */
  statusCallbackUrl: (outboundId: string) => string;
  timeoutMs: number;
  /** The global fetch unless a test stands in for the network. */
  fetch?: typeof fetch;
}

/** The parts of Twilio's Message resource we use. */
const messageResource = z.object({ sid: z.string().min(1), status: z.string() });
/** Twilio's error body, e.g. `{ code: 21211, message: "The 'To' number is not valid" }`. */
const errorBody = z.object({ code: z.union([z.number(), z.string()]), message: z.string().optional() });

/** Sends through Twilio's Messages API (2010-04-01): a form with basic auth in, JSON out. */
export class TwilioProvider implements SmsProvider {
  readonly key = TWILIO;
  private readonly fetch: typeof fetch;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(private readonly settings: TwilioProviderSettings) {
    this.fetch = settings.fetch ?? globalThis.fetch;
    this.endpoint = `${settings.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  }

  async send(request: SendRequest): Promise<SendResult> {
    const form = new URLSearchParams({
      To: request.to,
      From: request.from,
      Body: request.body,
      StatusCallback: this.settings.statusCallbackUrl(request.outboundId),
    });
    for (const url of request.mediaUrls ?? []) form.append('MediaUrl', url);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // Refused connection, reset, DNS, or our timeout (also while reading the answer).
      throw new ProviderUnavailableError(`Twilio unreachable: ${describe(error)}`, { cause: error });
    }
    if (response.status === 429 || response.status >= 500) {
      throw new ProviderUnavailableError(`Twilio answered ${response.status}`);
    }
    if (response.status >= 400) {
      const refusal = errorBody.safeParse(parseJson(text));
      return {
        outcome: 'rejected',
        errorCode: refusal.success ? String(refusal.data.code) : `HTTP_${response.status}`,
        message: (refusal.success ? refusal.data.message : undefined) ?? `Twilio answered ${response.status}`,
      };
    }
    const message = messageResource.safeParse(parseJson(text));
    if (!response.ok || !message.success) {
      // Twilio may have taken the message; retrying may send it twice, which beats never
      // sending it. Only a malfunctioning provider answers like this.
      throw new ProviderUnavailableError(
        `Twilio answered ${response.status} with an unreadable message resource`,
      );
    }
    return {
      outcome: 'accepted',
      providerMessageId: message.data.sid,
      status: fromTwilioStatus(message.data.status) ?? 'queued',
    };
  }

  /**
   * Twilio's media URLs want the account's basic auth (when HTTP auth for media is on) and
   * redirect to a storage host; fetch drops the credentials on that cross-origin redirect.
   */
  async fetchMedia(url: string, limits: MediaFetchLimits): Promise<FetchedMedia> {
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let response: Response;
    try {
      response = await this.fetch(url, { headers: { authorization: this.authorization }, signal });
    } catch (error) {
      throw new MediaFetchError(`media unreachable: ${describe(error)}`, { cause: error });
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new MediaFetchError(`media answered ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await response.body.cancel();
      throw new MediaTooLargeError(limits.maxBytes);
    }
    try {
      const bytes = await readLimited(response.body, limits.maxBytes);
      return { bytes, contentType: response.headers.get('content-type') ?? '' };
    } catch (error) {
      if (error instanceof MediaTooLargeError) throw error;
      throw new MediaFetchError(`media unreadable: ${describe(error)}`, { cause: error });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  // AbortSignal.timeout rejects with a DOMException, which is not always an Error instance.
  if (typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError') {
    return 'timed out';
  }
  return error instanceof Error ? error.message : String(error);
}
