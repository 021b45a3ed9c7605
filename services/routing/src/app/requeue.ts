import { createEnvelope, type EnvelopeOf, type PayloadOf } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import { type LockedItem, RoutingRepository } from '../infra/routing.repository';
import type { RoutingMetrics } from './routing-metrics';

type QueuedReason = PayloadOf<'routing.workitem.queued.v1'>['reason'];

/**
 * SPEC W6, W8, W9: an offered item goes back to its queue (rejected, its offer timed out, or the
 * agent stopped being available), keeping
 * its age; `routing.workitem.queued.v1` says so in the caller's transaction, and the agent's
 * Inbox drops the offer when it arrives.
 */
export async function requeueOffered(
  manager: EntityManager,
  outbox: Outbox,
  item: LockedItem,
  reason: Extract<QueuedReason, 'offer_rejected' | 'offer_expired' | 'agent_unavailable'>,
  causationId: string | null,
): Promise<EnvelopeOf<'routing.workitem.queued.v1'>> {
  const repository = new RoutingRepository(manager);
  await repository.returnToQueue(item.id, reason === 'offer_rejected' ? item.agentId : null);
  return queuedEvent(manager, outbox, item, reason, causationId);
}

/**
 * SPEC W9: an agent who stopped receiving work (they changed their presence, went silent, or a
 * timeout moved them) gives back the offers they have not answered; answers how many. The caller
 * holds the agent's lock and dispatches afterwards.
 */
export async function giveBackOffers(
  manager: EntityManager,
  outbox: Outbox,
  metrics: RoutingMetrics,
  agentId: string,
  causationId: string | null = null,
): Promise<number> {
  const offered = await new RoutingRepository(manager).lockOfferedTo(agentId);
  for (const item of offered) {
    const queued = await requeueOffered(manager, outbox, item, 'agent_unavailable', causationId);
    metrics.givenBack(queued.data.queueName);
  }
  return offered.length;
}

/**
 * SPEC W9 with reassignment on unavailability enabled: work an agent held goes back to its queue
 * (keeping its age) when they stop receiving work; interaction clears the assignee when the
 * `reassigned` event reaches it, and the transcript says so for agents.
 */
export async function requeueAssigned(
  manager: EntityManager,
  outbox: Outbox,
  item: LockedItem,
): Promise<EnvelopeOf<'routing.workitem.queued.v1'>> {
  await new RoutingRepository(manager).returnToQueue(item.id, null);
  return queuedEvent(manager, outbox, item, 'reassigned', null);
}

async function queuedEvent(
  manager: EntityManager,
  outbox: Outbox,
  item: LockedItem,
  reason: QueuedReason,
  causationId: string | null,
): Promise<EnvelopeOf<'routing.workitem.queued.v1'>> {
  const repository = new RoutingRepository(manager);
  const queued = createEnvelope(
    'routing.workitem.queued.v1',
    {
      workItemId: item.id,
      interactionId: item.interactionId,
      queueId: item.queueId,
      queueName: await repository.queueName(item.queueId),
      priority: item.priority,
      reason,
      enqueuedAt: item.enqueuedAt.toISOString(),
    },
    { correlationId: item.interactionId, causationId },
  );
  await outbox.add(manager, [queued]);
  return queued;
}

/**
 * SPEC W10: a transferred item (already moved by the caller, see RoutingRepository.transferItem)
 * waits in its new queue with its age; `routing.workitem.queued.v1` says so with reason `transferred`.
 */
export function announceTransferred(
  manager: EntityManager,
  outbox: Outbox,
  item: LockedItem,
  causationId: string,
): Promise<EnvelopeOf<'routing.workitem.queued.v1'>> {
  return queuedEvent(manager, outbox, item, 'transferred', causationId);
}
