import { getExpectedTwilioSignature } from 'twilio';

export type Form = Record<string, string>;

/** A form that may send a field more than once, as Twilio never does. */
export type RepeatingForm = Record<string, string | readonly string[]>;

export interface PostOptions {
  /** Send no X-Twilio-Signature at all. */
  unsigned?: boolean;
  /** Send this header value instead of the signature Twilio would compute. */
  signature?: string;
  /** Sign with another auth token than the gateway's. */
  authToken?: string;
  /** Gives up waiting for the answer, as Twilio does after 15 s. */
  signal?: AbortSignal;
}

/**
 * Posts webhooks to the gateway the way Twilio does: a form, signed over the public URL
 * Twilio was configured with (SMS_PUBLIC_BASE_URL + path), sent to wherever the gateway listens.
 */
export class TwilioWebhooks {
  constructor(
    private readonly serviceUrl: string,
    readonly publicBaseUrl: string,
    private readonly authToken: string,
  ) {}

  /** Posts to a path of the gateway (query included), signed for the public URL. */
  post(pathAndQuery: string, form: RepeatingForm, options: PostOptions = {}): Promise<Response> {
    return this.postTo(`${this.publicBaseUrl}${pathAndQuery}`, form, options);
  }

  /** Posts to a full public URL the gateway handed out (a StatusCallback), signed for it. */
  postTo(publicUrl: string, form: RepeatingForm, options: PostOptions = {}): Promise<Response> {
    const { pathname, search } = new URL(publicUrl);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (!options.unsigned) {
      headers['x-twilio-signature'] =
        options.signature ?? getExpectedTwilioSignature(options.authToken ?? this.authToken, publicUrl, form);
    }
    // A repeated field goes on the wire once per value, as a form encodes it.
    const entries = Object.entries(form).flatMap(([name, value]): Array<[string, string]> =>
      typeof value === 'string' ? [[name, value]] : value.map((one) => [name, one]),
    );
    return fetch(`${this.serviceUrl}${pathname}${search}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(entries),
      signal: options.signal,
    });
  }

  inbound(form: RepeatingForm, options?: PostOptions): Promise<Response> {
    return this.post('/webhooks/twilio/sms', form, options);
  }

  status(form: RepeatingForm, options?: PostOptions): Promise<Response> {
    return this.post('/webhooks/twilio/status', form, options);
  }
}

/** The error code of a response in the platform's error shape. */
export async function errorCodeOf(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code;
}
