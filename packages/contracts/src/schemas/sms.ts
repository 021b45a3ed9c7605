import { z } from 'zod';
import { deliveryFailureReason, deliveryStatus, e164, id, isoTime } from './common';

export const smsInboundReceived = z.object({
  messageId: id.describe('Our id of the inbound message, assigned by sms-gateway'),
  provider: z.string().min(1).describe('Provider key, e.g. twilio'),
  providerMessageId: z.string().min(1).describe("The provider's message id (Twilio MessageSid)"),
  from: e164.describe('Requester number'),
  to: e164.describe('Company number'),
  body: z.string(),
  media: z.array(z.object({ url: z.url(), contentType: z.string().min(1) })),
  receivedAt: isoTime,
  /**
   * The gateway's acceptance order. Strictly increasing within a phone pair (the gateway
   * accepts one message of a pair at a time), so transcripts sort inbound messages by it.
   */
  sequence: z.number().int().positive(),
});

export const smsOutboundSend = z.object({
  outboundId: id.describe('Idempotency key of this send, chosen by the requester of the send'),
  from: e164.describe('Company number to send from'),
  to: e164.describe('Requester number'),
  body: z.string().min(1),
  interactionId: id.nullable(),
});

export const smsOutboundStatusChanged = z.object({
  outboundId: id,
  providerMessageId: z.string().min(1).nullable(),
  status: deliveryStatus,
  errorCode: z.string().nullable().describe("The provider's error code for undelivered or failed"),
  // Optional: events published before it existed have none, and a reader treats absent as null.
  reason: deliveryFailureReason
    .nullable()
    .optional()
    .describe('The stable reason behind errorCode, the same for every provider'),
  interactionId: id.nullable(),
});
