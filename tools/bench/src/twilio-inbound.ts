import { getExpectedTwilioSignature } from 'twilio';

/** The demo's support number, and the simulator's Twilio account the webhooks are signed for. */
export const SUPPORT_NUMBER = '+15550100001';
const ACCOUNT = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'threadline-simulator-token';

/**
 * Posts one inbound SMS to sms-gateway's Twilio webhook as Twilio would, signed, and answers the
 * gateway's status and `Retry-After` (seconds). `sid` must be unique per message: the gateway takes
 * a second post of a sid for a provider's retry and drops it.
 */
export async function postTwilioInbound(
  webhookUrl: string,
  message: { sid: string; from: string; body: string },
): Promise<{ status: number; retryAfterSeconds: number | null }> {
  const params = {
    MessageSid: message.sid,
    SmsSid: message.sid,
    AccountSid: ACCOUNT,
    From: message.from,
    To: SUPPORT_NUMBER,
    Body: message.body,
    NumMedia: '0',
  };
  const answer = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, webhookUrl, params),
    },
    body: new URLSearchParams(params),
  });
  await answer.arrayBuffer();
  const retryAfter = answer.headers.get('retry-after');
  return { status: answer.status, retryAfterSeconds: retryAfter === null ? null : Number(retryAfter) };
}
