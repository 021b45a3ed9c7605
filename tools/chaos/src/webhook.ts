import { getExpectedTwilioSignature } from 'twilio';
import { sleep } from './supervisor';

/** The demo Twilio account the simulator and sms-gateway share (services' development defaults). */
export const TWILIO_ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const TWILIO_AUTH_TOKEN = 'threadline-simulator-token';
/** Twilio waits this long for a webhook's answer before it counts the attempt as failed. */
const ANSWER_TIMEOUT_MS = 15_000;

export interface InboundSms {
  providerMessageId: string;
  from: string;
  to: string;
  body: string;
}

export type PostOutcome =
  { accepted: true; attempts: number } | { accepted: false; attempts: number; lastAnswer: string };

/**
 * Posts an inbound SMS to sms-gateway's Twilio webhook the way Twilio does, and keeps retrying
 * with the same MessageSid until it is answered 200 (a 503's Retry-After is honoured), or until
 * `giveUpAt`. The same sid on every try is what lets the gateway take a repeat only once.
 */
export async function postUntilAccepted(
  webhookUrl: string,
  sms: InboundSms,
  giveUpAt: () => number,
): Promise<PostOutcome> {
  const params = {
    MessageSid: sms.providerMessageId,
    SmsSid: sms.providerMessageId,
    AccountSid: TWILIO_ACCOUNT_SID,
    From: sms.from,
    To: sms.to,
    Body: sms.body,
    NumMedia: '0',
  };
  const signature = getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, webhookUrl, params);
  let attempts = 0;
  for (;;) {
    attempts += 1;
    let retryAfterMs: number | null = null;
    let lastAnswer: string;
    try {
      const answer = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
      });
      await answer.arrayBuffer();
      if (answer.status === 200) return { accepted: true, attempts };
      lastAnswer = `HTTP ${answer.status}`;
      const header = Number(answer.headers.get('retry-after'));
      if (Number.isFinite(header) && header > 0) retryAfterMs = Math.min(header, 10) * 1_000;
    } catch (error) {
      lastAnswer = describe(error);
    }
    const backoffMs = retryAfterMs ?? Math.min(5_000, 250 * 2 ** Math.min(attempts, 5));
    if (Date.now() + backoffMs > giveUpAt()) return { accepted: false, attempts, lastAnswer };
    await sleep(backoffMs);
  }
}

function describe(error: unknown): string {
  const cause: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'cause') : undefined;
  const code: unknown = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : String(error);
}
