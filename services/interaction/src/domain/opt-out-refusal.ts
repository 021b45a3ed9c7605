import type { PayloadOf } from '@threadline/contracts';

/**
 * Providers' error codes for "the recipient opted out of this sender": Twilio 21610 ("Attempt to
 * send to unsubscribed recipient"), Telnyx 40300 ("Blocked due to STOP message").
 */
export const OPT_OUT_ERROR_CODES: ReadonlySet<string> = new Set(['21610', '40300']);

/** The stable reason sms-gateway may give for the same refusal, whatever the provider. */
export const OPT_OUT_REASON = 'RECIPIENT_OPTED_OUT';

type StatusChanged = PayloadOf<'sms.outbound.status-changed.v1'> & { reason?: string | null };

/**
 * SPEC S2: whether a delivery status says the provider refused the send because the recipient
 * opted out with the carrier (a STOP we never saw, e.g. texted before Threadline took the number).
 * Either signal is enough: sms-gateway's stable `reason`, where the event has one, or the
 * provider's code, which is all older events carry.
 */
export function isOptOutRefusal(changed: StatusChanged): boolean {
  if (changed.status !== 'failed' && changed.status !== 'undelivered') return false;
  if (changed.reason === OPT_OUT_REASON) return true;
  return changed.errorCode !== null && OPT_OUT_ERROR_CODES.has(changed.errorCode.trim());
}
