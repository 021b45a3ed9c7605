import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type AcceptedOffer = ResponseOf<typeof queries.acceptOffer>;

/**
 * SPEC W6: routing decides (not our read model, which may lag), and answers OFFER_NOT_FOUND,
 * OFFER_ALREADY_ACCEPTED or OFFER_NOT_YOURS when it cannot be accepted.
 */
@Injectable()
export class AcceptOfferUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(agentId: string, workItemId: string): Promise<AcceptedOffer> {
    return askOwner(this.runtime, queries.acceptOffer, { workItemId, agentId });
  }
}
