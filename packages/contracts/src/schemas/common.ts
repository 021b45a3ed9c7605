import { z } from 'zod';

/** A phone number already normalised to E.164 by the service that received it. */
export const e164 = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number such as +15551234567')
  .describe('E.164 phone number');

export const id = z.uuid().describe('uuid');

export const isoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp');

export const interactionState = z.enum([
  'new',
  'on_hold',
  'work_in_progress',
  'wrap_up',
  'closed_complete',
  'closed_abandoned',
]);

export const deliveryStatus = z.enum(['queued', 'sent', 'delivered', 'undelivered', 'failed']);

/**
 * SPEC S3: why a message was undelivered or failed, the same for every provider (sms-gateway maps
 * each provider's error codes to it), so agents and rules read one vocabulary.
 */
export const deliveryFailureReason = z.enum([
  'RECIPIENT_OPTED_OUT',
  'INVALID_NUMBER',
  'UNREACHABLE',
  'LANDLINE_OR_UNSUPPORTED',
  'CARRIER_FILTERED',
  'BLOCKED',
  'PROVIDER_UNAVAILABLE',
  'UNKNOWN',
]);

export const actor = z.object({
  kind: z.enum(['requester', 'agent', 'virtual_agent', 'system']),
  /** The user or agent id; null for the system and for unknown requesters. */
  id: z.string().min(1).nullable(),
});
