import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { ReadModelConsumers } from '../infra/messaging/read-model.consumers';
import { askOwner } from './ask-owner';
import { assignedEnvelope, stateChangedEnvelope } from './own-writes';

export type AcceptedOffer = Omit<ResponseOf<typeof queries.acceptOffer>, 'assignedEvent'>;

/**
 * SPEC W6: routing decides (not our read model, which may lag), and answers OFFER_NOT_FOUND,
 * OFFER_ALREADY_ACCEPTED or OFFER_NOT_YOURS when it cannot be accepted. Then interaction applies
 * the assignment at once, and both committed events are projected before we answer: the agent's
 * next request (a reply, opening the conversation) already finds it theirs.
 */
@Injectable()
export class AcceptOfferUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly readModels: ReadModelConsumers,
  ) {}

  async execute(agentId: string, workItemId: string): Promise<AcceptedOffer> {
    const accepted = await askOwner(this.runtime, queries.acceptOffer, { workItemId, agentId });
    const assigned = assignedEnvelope(accepted);
    if (assigned) await this.readModels.applyOwnWrite('routing.workitem.assigned.v1', assigned);
    const recorded = await askOwner(this.runtime, queries.recordAssignment, {
      interactionId: accepted.interactionId,
      workItemId: accepted.workItemId,
      agentId: accepted.agentId,
    });
    if (recorded.stateChanged) {
      await this.readModels.applyOwnWrite(
        'interaction.conversation.state-changed.v1',
        stateChangedEnvelope(recorded.stateChanged),
      );
    }
    return {
      workItemId: accepted.workItemId,
      interactionId: accepted.interactionId,
      agentId: accepted.agentId,
    };
  }
}
