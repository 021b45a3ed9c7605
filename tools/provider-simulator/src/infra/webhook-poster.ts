import { type KeyObject, randomUUID } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio';
import { type TelnyxEvent } from '../domain/telnyx-events';
import { telnyxSignatureHeaders } from '../domain/telnyx-signing';
import { type WebhookParams } from '../domain/twilio-webhook-params';

export interface AttemptOutcome {
  attempt: number;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  at: Date;
}

export interface WebhookRequest {
  url: string;
  /** Twilio's form (`params`), or Telnyx's JSON event (`telnyxEvent`) when set. */
  params?: WebhookParams;
  telnyxEvent?: TelnyxEvent;
  /** 2 for the inbound webhook (Twilio's retry once), 1 for status callbacks. */
  maxAttempts: number;
  signal: AbortSignal;
  onAttempt(outcome: AttemptOutcome): void;
}

export interface WebhookResult {
  ok: boolean;
  /** The status of the last attempt; null when it got no answer. */
  httpStatus: number | null;
  attempts: number;
  latencyMs: number;
}

/**
 * Posts webhooks the way Twilio does: a urlencoded form signed with `X-Twilio-Signature` over
 * the full URL and the params; or the way Telnyx does: a JSON event signed with Ed25519 over
 * the timestamp and the body. An attempt succeeds on a 2xx answer within the timeout; any
 * other outcome is retried until `maxAttempts`, with the same form and signature (Twilio) or
 * the same event signed at the time of the attempt (Telnyx).
 */
export class WebhookPoster {
  constructor(
    private readonly authToken: string,
    private readonly timeoutMs: number,
    private readonly telnyxKey?: KeyObject,
  ) {}

  async post(request: WebhookRequest): Promise<WebhookResult> {
    const started = Date.now();
    const attempt = request.telnyxEvent
      ? this.telnyxAttempt(request.telnyxEvent)
      : this.twilioAttempt(request);
    let outcome: AttemptOutcome | undefined;
    for (let number = 1; number <= request.maxAttempts; number += 1) {
      if (request.signal.aborted) break;
      const { headers, body } = attempt();
      outcome = await this.attempt(number, request, headers, body);
      request.onAttempt(outcome);
      if (isSuccess(outcome.httpStatus)) break;
    }
    return {
      ok: isSuccess(outcome?.httpStatus ?? null),
      httpStatus: outcome?.httpStatus ?? null,
      attempts: outcome?.attempt ?? 0,
      latencyMs: Date.now() - started,
    };
  }

  private telnyxAttempt(event: TelnyxEvent): () => { headers: Record<string, string>; body: string } {
    const key = this.telnyxKey;
    if (!key) throw new Error('no Telnyx signing key configured');
    const body = JSON.stringify(event);
    return () => ({
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'telnyx-webhooks',
        ...telnyxSignatureHeaders(key, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
  }

  private twilioAttempt(request: WebhookRequest): () => { headers: Record<string, string>; body: string } {
    const params = request.params ?? {};
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'User-Agent': 'TwilioProxy/1.1',
      'X-Twilio-Signature': getExpectedTwilioSignature(this.authToken, request.url, params),
      // Twilio keeps this token across retries, so a receiver can spot a repeat.
      'I-Twilio-Idempotency-Token': randomUUID(),
    };
    const body = new URLSearchParams(params).toString();
    return () => ({ headers, body });
  }

  private async attempt(
    attempt: number,
    request: WebhookRequest,
    headers: Record<string, string>,
    body: string,
  ): Promise<AttemptOutcome> {
    const at = new Date();
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const finish = (httpStatus: number | null, error: string | null): AttemptOutcome => ({
      attempt,
      httpStatus,
      error,
      latencyMs: Math.round(performance.now() - started),
      at,
    });
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([request.signal, timeout]),
      });
      // The answer counts only once it has fully arrived within the timeout, as on Twilio.
      await response.arrayBuffer();
      return finish(response.status, isSuccess(response.status) ? null : `HTTP ${response.status}`);
    } catch (error) {
      if (timeout.aborted) return finish(null, `no answer within ${this.timeoutMs} ms`);
      return finish(null, describeFetchError(error));
    }
  }
}

function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}

// fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, ...) in `cause`. Duck
// typed: under jest, fetch's errors come from another realm and fail `instanceof Error`.
function describeFetchError(error: unknown): string {
  const message = field(error, 'message') ?? String(error);
  const cause: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'cause') : undefined;
  const reason = field(cause, 'code') ?? field(cause, 'message');
  return reason === undefined ? message : `${message}: ${reason}`;
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found: unknown = Reflect.get(value, key);
  return typeof found === 'string' ? found : undefined;
}
