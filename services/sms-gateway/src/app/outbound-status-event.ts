import { createEnvelope } from '@threadline/contracts';
import { failureReasonOf } from '../domain/failure-reasons';
import type { OutboundMessage } from '../infra/persistence/outbound-message.repository';

/**
 * The announcement that `message` now has its current status, carried by its conversation
 * (correlation) and, for a send, by the command that caused it.
 */
export function outboundStatusChanged(message: OutboundMessage, causationId: string | null) {
  return createEnvelope(
    'sms.outbound.status-changed.v1',
    {
      outboundId: message.id,
      providerMessageId: message.providerMessageId,
      status: message.status,
      errorCode: message.errorCode,
      reason: failureReasonOf(message.provider, message.errorCode),
      interactionId: message.interactionId,
    },
    { correlationId: message.interactionId, causationId },
  );
}
