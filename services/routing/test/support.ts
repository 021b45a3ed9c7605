// Shared by routing's integration suites.
import { createEnvelope, type PayloadOf } from '@threadline/contracts';
import { v7 as uuidv7 } from 'uuid';

/** The command interaction (or a virtual agent's handoff) sends to route a conversation. */
export function enqueue(
  interactionId: string = uuidv7(),
  extras: Partial<PayloadOf<'routing.workitem.enqueue.v1'>> = {},
) {
  return createEnvelope(
    'routing.workitem.enqueue.v1',
    { interactionId, channel: 'sms', priority: 0, attributes: {}, ...extras },
    { correlationId: interactionId },
  );
}
