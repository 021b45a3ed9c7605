import { createEnvelope, type EnvelopeOf, type PayloadOf } from '@threadline/contracts';
import { v7 as uuidv7 } from 'uuid';

/** Routing's and interaction's events behind the manager's views and searches (SPEC I4, I5). */

export const SUPPORT_QUEUE = '01970000-0000-7000-8000-0000000000f1';

export function workItemQueued(
  interactionId: string,
  workItemId: string,
  enqueuedAt: Date,
  overrides: Partial<PayloadOf<'routing.workitem.queued.v1'>> = {},
): EnvelopeOf<'routing.workitem.queued.v1'> {
  return createEnvelope(
    'routing.workitem.queued.v1',
    {
      workItemId,
      interactionId,
      queueId: SUPPORT_QUEUE,
      queueName: 'Support',
      priority: 0,
      reason: 'new',
      enqueuedAt: enqueuedAt.toISOString(),
      ...overrides,
    },
    { correlationId: interactionId },
  );
}

export function workItemClosed(
  interactionId: string,
  workItemId: string,
  agentId: string | null,
): EnvelopeOf<'routing.workitem.closed.v1'> {
  return createEnvelope(
    'routing.workitem.closed.v1',
    { workItemId, interactionId, agentId, reason: 'interaction_closed' },
    { correlationId: interactionId },
  );
}

/** A state change as interaction publishes it now, with its cause and who caused it. */
export function stateChangedBy(
  interactionId: string,
  change: Pick<
    PayloadOf<'interaction.conversation.state-changed.v1'>,
    'from' | 'to' | 'assigneeId' | 'cause'
  > & {
    actorId: string | null;
  },
  occurredAt?: Date,
): EnvelopeOf<'interaction.conversation.state-changed.v1'> {
  const { actorId, ...rest } = change;
  return createEnvelope(
    'interaction.conversation.state-changed.v1',
    { interactionId, ...rest, actor: { kind: actorId === null ? 'system' : 'agent', id: actorId } },
    { correlationId: interactionId, occurredAt },
  );
}

export const newId = () => uuidv7();
