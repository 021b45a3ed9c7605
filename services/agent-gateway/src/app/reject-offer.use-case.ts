import { Inject, Injectable } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { ReadModelConsumers } from '../infra/messaging/read-model.consumers';
import { askOwner } from './ask-owner';
import { queuedEnvelope } from './own-writes';

/**
 * SPEC W6: the agent turns an offer down. Routing decides (OFFER_NOT_FOUND, OFFER_NOT_YOURS,
 * OFFER_ALREADY_ACCEPTED, OFFER_EXPIRED) and puts the item back in its queue; the event it
 * committed is projected before the answer, so the offer is already gone from the Inbox.
 */
@Injectable()
export class RejectOfferUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly readModels: ReadModelConsumers,
  ) {}

  async execute(
    agentId: string,
    workItemId: string,
    reason: string | undefined,
  ): Promise<{ workItemId: string; interactionId: string }> {
    const rejected = await askOwner(this.runtime, queries.rejectOffer, { workItemId, agentId, reason });
    await this.readModels.applyOwnWrite('routing.workitem.queued.v1', queuedEnvelope(rejected));
    return { workItemId: rejected.workItemId, interactionId: rejected.interactionId };
  }
}
