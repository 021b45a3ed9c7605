import { z } from 'zod';
import { fromTwilioStatus } from '../../domain/delivery-status';
import { throttleBackoffMs } from '../../domain/send-rate';
import {
  type FetchedMedia,
  type FindSentRequest,
  type MediaFetchLimits,
  ProviderThrottledError,
  ProviderUnavailableError,
  type SendRequest,
  type SentMessage,
  type SendResult,
  type SmsProvider,
} from './sms-provider';
import { fetchMediaFrom } from './media-fetch';
import { callProvider, parseJson } from './provider-http';

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
/**
 * Twilio's codes for "sending too fast": 20429 (too many requests) and 14107 (the number's
 * message rate exceeded), answered with 429 or 400.
 */
const THROTTLING_CODES = new Set(['20429', '14107']);

/** A page of Twilio's Messages list (newest first), with what a sent message is matched on. */
const messageList = z.object({
  messages: z.array(messageResource.extend({ body: z.string(), date_created: z.string().nullable() })),
});
/** Enough of the newest messages of one phone pair to hold a retry's earlier attempt. */
const LOOKUP_PAGE_SIZE = 50;
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
    const { response, text } = await callProvider(
      'Twilio',
      this.fetch,
      this.endpoint,
      {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form,
      },
      this.settings.timeoutMs,
    );
    if (response.status >= 500) {
      throw new ProviderUnavailableError(`Twilio answered ${response.status}`, `HTTP_${response.status}`);
    }
    if (response.status >= 400) {
      const refusal = errorBody.safeParse(parseJson(text));
      if (response.status === 429 || (refusal.success && THROTTLING_CODES.has(String(refusal.data.code)))) {
        throw new ProviderThrottledError(
          `Twilio answered ${response.status}${refusal.success ? ` (${refusal.data.code})` : ''}: sending too fast`,
          throttleBackoffMs(response.headers.get('retry-after'), Date.now()),
        );
      }
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
        `HTTP_${response.status}`,
      );
    }
    return {
      outcome: 'accepted',
      providerMessageId: message.data.sid,
      status: fromTwilioStatus(message.data.status) ?? 'queued',
    };
  }

  /**
   * The Messages list of the phone pair, newest first, matched on body and creation time. Not
   * filtered by DateSent: a message still queued has no date_sent yet, and that is just the
   * message a retry must find. Twilio's resource does not expose the StatusCallback we set.
   */
  async findSent(request: FindSentRequest): Promise<SentMessage[]> {
    const query = new URLSearchParams({
      To: request.to,
      From: request.from,
      PageSize: String(LOOKUP_PAGE_SIZE),
    });
    const { response, text } = await callProvider(
      'Twilio',
      this.fetch,
      `${this.endpoint}?${query.toString()}`,
      {
        headers: { authorization: this.authorization, accept: 'application/json' },
      },
      this.settings.timeoutMs,
    );
    const page = messageList.safeParse(parseJson(text));
    if (!response.ok || !page.success) {
      throw new ProviderUnavailableError(
        `Twilio answered ${response.status} to the Messages list`,
        `HTTP_${response.status}`,
      );
    }
    return page.data.messages
      .filter((message) => message.body === request.body)
      .filter((message) => {
        const created = message.date_created === null ? Number.NaN : Date.parse(message.date_created);
        // An unreadable date cannot rule the message out.
        return Number.isNaN(created) || created >= request.since.getTime();
      })
      .reverse()
      .map((message) => ({
        providerMessageId: message.sid,
        status: fromTwilioStatus(message.status) ?? 'queued',
      }));
  }

  /**
   * Twilio's media URLs want the account's basic auth (when HTTP auth for media is on) and
   * redirect to a storage host; fetch drops the credentials on that cross-origin redirect.
   */
  fetchMedia(url: string, limits: MediaFetchLimits): Promise<FetchedMedia> {
    return fetchMediaFrom(this.fetch, url, { authorization: this.authorization }, limits);
  }
}
