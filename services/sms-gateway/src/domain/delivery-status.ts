import { type DeliveryStatus, isDeliveryStatusAdvance } from '@threadline/contracts';

export type { DeliveryStatus };

/** The Twilio message statuses the gateway understands. */
export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
] as const;

export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

/** What each Twilio status means to agents (SPEC S3). */
const FROM_TWILIO: Record<TwilioMessageStatus, DeliveryStatus> = {
  accepted: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  // WhatsApp's read receipt: the message was delivered, and delivered is already final.
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

function isTwilioMessageStatus(status: string): status is TwilioMessageStatus {
  return Object.hasOwn(FROM_TWILIO, status);
}

/**
 * Our status for a Twilio status, or null for one we do not track (Twilio's inbound
 * `receiving`/`received`, `scheduled`, ...): such a report is recorded but moves nothing.
 */
export function fromTwilioStatus(status: string): DeliveryStatus | null {
  return isTwilioMessageStatus(status) ? FROM_TWILIO[status] : null;
}

/**
 * The status a message takes when `reported` arrives while it is `current`, or null when it
 * stays. Reports arrive late, twice and out of order; a status only moves forward (queued,
 * then sent, then one of delivered, undelivered, failed) and a final one never changes.
 */
export function nextDeliveryStatus(current: DeliveryStatus, reported: DeliveryStatus): DeliveryStatus | null {
  return isDeliveryStatusAdvance(current, reported) ? reported : null;
}

/** Whether a status carries the provider's error code (SPEC S3: failed "with the code"). */
export function carriesErrorCode(status: DeliveryStatus): boolean {
  return status === 'undelivered' || status === 'failed';
}

/** The Telnyx message statuses (Messaging API v2, `to[0].status`) the gateway understands. */
export const TELNYX_MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'delivery_failed',
  'sending_failed',
  'delivery_unconfirmed',
] as const;

export type TelnyxMessageStatus = (typeof TELNYX_MESSAGE_STATUSES)[number];

/** What each Telnyx status means to agents (SPEC S3). */
const FROM_TELNYX: Record<TelnyxMessageStatus, DeliveryStatus> = {
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  // The carrier took the message and then could not hand it over: Twilio's undelivered.
  delivery_failed: 'undelivered',
  // Telnyx could not hand the message to a carrier at all: Twilio's failed.
  sending_failed: 'failed',
  // Finalized without a receipt from the carrier: it left (sent), and nothing more is known.
  delivery_unconfirmed: 'sent',
};

/** Our status for a Telnyx status, or null for one we do not track (recorded, moves nothing). */
export function fromTelnyxStatus(status: string): DeliveryStatus | null {
  return Object.hasOwn(FROM_TELNYX, status) ? FROM_TELNYX[status as TelnyxMessageStatus] : null;
}
