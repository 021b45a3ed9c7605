// A client for the provider simulator's `/sim` API (tools/provider-simulator). It speaks HTTP
// only: testkit must not depend on the simulator package, so the shapes are restated here.

export type SimFailureStatus = 'undelivered' | 'failed';

/** What `POST /sim/phones/{phone}/messages` answers once the webhook exchange is over. */
export interface SimSendResult {
  messageSid: string;
  webhook: {
    /** The gateway's last HTTP status; null when it never answered. */
    status: number | null;
    attempts: number;
    latencyMs: number;
  };
}

/** A message as the recipient phone received it. */
export interface SimReceivedMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  /** SPEC S5: images the simulator holds for it; `url` is on the simulator, null if its fetch failed. */
  media: Array<{ url: string | null; contentType: string; error: string | null }>;
  status: string;
  dateCreated: string;
}

export interface SimWebhookAttempt {
  kind: 'inbound' | 'status-callback';
  url: string;
  messageStatus: string;
  attempt: number;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  at: string;
}

/** One message, inbound or outbound, with everything the simulator did about it. */
export interface SimMessage extends SimReceivedMessage {
  /** Whose API the message went through. */
  provider: 'twilio' | 'telnyx';
  direction: 'inbound' | 'outbound-api';
  errorCode: number | null;
  statusCallback: string | null;
  statusHistory: Array<{ status: string; errorCode: number | null; at: string }>;
  webhookAttempts: SimWebhookAttempt[];
}

export class ProviderSimulatorClient {
  private readonly baseUrl: string;

  constructor(url: string) {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  /** `from` (a phone) texts company number `to`; resolves once the gateway has answered. */
  sendSms(from: string, to: string, body: string, mediaUrls?: string[]): Promise<SimSendResult> {
    return this.request('POST', `/sim/phones/${encodeURIComponent(from)}/messages`, { to, body, mediaUrls });
  }

  /** SPEC S5: `from` sends an MMS with `images` to company number `to`. */
  sendMms(
    from: string,
    to: string,
    body: string,
    images: Array<{ contentType: string; bytes: Buffer }>,
  ): Promise<SimSendResult> {
    return this.request('POST', `/sim/phones/${encodeURIComponent(from)}/messages`, {
      to,
      body,
      images: images.map((image) => ({
        contentType: image.contentType,
        base64: image.bytes.toString('base64'),
      })),
    });
  }

  /** What `phone` received, oldest first. */
  received(phone: string): Promise<SimReceivedMessage[]> {
    return this.request('GET', `/sim/phones/${encodeURIComponent(phone)}/messages`);
  }

  message(sid: string): Promise<SimMessage> {
    return this.request('GET', `/sim/messages/${encodeURIComponent(sid)}`);
  }

  /** Messages to `phone` end in `status` with Twilio error `errorCode` until cleared. */
  async failNumber(phone: string, status: SimFailureStatus, errorCode: number): Promise<void> {
    await this.request('PUT', `/sim/phones/${encodeURIComponent(phone)}/failure`, { status, errorCode });
  }

  async clearFailure(phone: string): Promise<void> {
    await this.request('DELETE', `/sim/phones/${encodeURIComponent(phone)}/failure`);
  }

  /** Inbound SMS to `companyNumber` are posted to `url` from now on. */
  async setWebhook(companyNumber: string, url: string): Promise<void> {
    await this.request('PUT', `/sim/numbers/${encodeURIComponent(companyNumber)}/webhook`, { url });
  }

  async reset(): Promise<void> {
    await this.request('POST', '/sim/reset');
  }

  // The type parameter is the caller's promise about the answer's shape; the simulator is ours.
  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`provider simulator ${method} ${path} answered ${response.status}: ${text}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
