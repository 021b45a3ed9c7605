import { createEnvelope, type Envelope, type Subject } from '@threadline/contracts';
import type { EntityManager } from 'typeorm';
import { type InteractionRow, InteractionRepository } from '../infra/interaction.repository';

/**
 * An agent's message to the requester: appended to the transcript (queued) and handed to the SMS
 * gateway. Returns the events for the caller's outbox, or null when the message id is already in
 * a transcript (asking twice sends once).
 */
export async function recordAgentSms(
  manager: EntityManager,
  interaction: Pick<InteractionRow, 'id' | 'companyAddress' | 'requesterAddress'>,
  message: { messageId: string; agentId: string; body: string },
): Promise<{ occurredAt: string; events: Array<Envelope<Subject>> } | null> {
  const occurredAt = new Date().toISOString();
  const appended = await new InteractionRepository(manager).appendMessage({
    id: message.messageId,
    interactionId: interaction.id,
    direction: 'outbound',
    authorKind: 'agent',
    authorId: message.agentId,
    body: message.body,
    media: [],
    occurredAt,
    gatewaySequence: null,
    deliveryStatus: 'queued',
  });
  if (!appended) return null;
  const options = { correlationId: interaction.id };
  return {
    occurredAt,
    events: [
      createEnvelope(
        'interaction.message.appended.v1',
        {
          interactionId: interaction.id,
          messageId: message.messageId,
          direction: 'outbound',
          author: { kind: 'agent', id: message.agentId },
          body: message.body,
          media: [],
          occurredAt,
          gatewaySequence: null,
        },
        options,
      ),
      createEnvelope(
        'sms.outbound.send.v1',
        {
          outboundId: message.messageId,
          from: interaction.companyAddress,
          to: interaction.requesterAddress,
          body: message.body,
          interactionId: interaction.id,
        },
        options,
      ),
    ],
  };
}
