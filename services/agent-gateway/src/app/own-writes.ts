import { createEnvelope, type queries, type ResponseOf } from '@threadline/contracts';

type CommittedStateChange = NonNullable<ResponseOf<typeof queries.changeState>['stateChanged']>;

/** The state-changed event interaction committed for our command, as the stream will deliver it. */
export function stateChangedEnvelope(committed: CommittedStateChange) {
  return createEnvelope('interaction.conversation.state-changed.v1', committed.data, {
    id: committed.eventId,
    occurredAt: new Date(committed.occurredAt),
    correlationId: committed.data.interactionId,
  });
}

/** The assignment routing committed when our agent accepted, as the stream will deliver it. */
export function assignedEnvelope(accepted: ResponseOf<typeof queries.acceptOffer>) {
  if (!accepted.assignedEvent) return null;
  return createEnvelope(
    'routing.workitem.assigned.v1',
    { workItemId: accepted.workItemId, interactionId: accepted.interactionId, agentId: accepted.agentId },
    {
      id: accepted.assignedEvent.eventId,
      occurredAt: new Date(accepted.assignedEvent.occurredAt),
      correlationId: accepted.interactionId,
    },
  );
}

type RejectedOffer = ResponseOf<typeof queries.rejectOffer>;

/** The requeue routing committed when our agent rejected an offer, as the stream will deliver it. */
export function queuedEnvelope(rejected: RejectedOffer) {
  return createEnvelope('routing.workitem.queued.v1', rejected.queued.data, {
    id: rejected.queued.eventId,
    occurredAt: new Date(rejected.queued.occurredAt),
    correlationId: rejected.interactionId,
  });
}
