import { createEnvelope } from '@threadline/contracts';
import type { Outbox } from '@threadline/platform';
import type { EntityManager } from 'typeorm';
import {
  type OptOutSource,
  type OptOutState,
  OptOutRepository,
  type PhonePair,
} from '../infra/opt-out.repository';

export interface OptOutChange {
  optedOut: boolean;
  source: OptOutSource;
  keyword: string | null;
  occurredAt: Date;
  /** The pair's ongoing conversation, if any, for the event. */
  interactionId: string | null;
  causationId: string | null;
}

/**
 * SPEC S2, the one owner of whether a phone pair may be sent anything. Reads and changes happen in
 * the caller's transaction, under the pair's advisory lock (see {@link OptOutRepository}).
 */
export class RequesterOptOuts {
  constructor(private readonly outbox: Outbox) {}

  /** The pair's opt-out if it is opted out now, else null; holds off a change until commit. */
  async optedOutForSend(manager: EntityManager, pair: PhonePair): Promise<OptOutState | null> {
    const repository = new OptOutRepository(manager);
    await repository.lockForSend(pair);
    const state = await repository.find(pair);
    return state?.optedOut ? state : null;
  }

  /** The pair's opt-out if it is opted out now, without locking (what a screen shows). */
  async current(manager: EntityManager, pair: PhonePair): Promise<OptOutState | null> {
    const state = await new OptOutRepository(manager).find(pair);
    return state?.optedOut ? state : null;
  }

  /**
   * Records the change and announces it (`interaction.requester.opt-out-changed.v1`); false, with
   * nothing written, when the pair is already so (a second STOP is no second opt-out).
   */
  async change(manager: EntityManager, pair: PhonePair, change: OptOutChange): Promise<boolean> {
    const repository = new OptOutRepository(manager);
    await repository.lockForChange(pair);
    const before = await repository.find(pair);
    if ((before?.optedOut ?? false) === change.optedOut) return false;
    const occurredAt = change.occurredAt.toISOString();
    await repository.save(pair, {
      optedOut: change.optedOut,
      changedAt: occurredAt,
      source: change.source,
      keyword: change.keyword,
    });
    await this.outbox.add(manager, [
      createEnvelope(
        'interaction.requester.opt-out-changed.v1',
        {
          companyAddress: pair.companyAddress,
          requesterAddress: pair.requesterAddress,
          optedOut: change.optedOut,
          source: change.source,
          keyword: change.keyword,
          occurredAt,
          interactionId: change.interactionId,
        },
        { correlationId: change.interactionId ?? undefined, causationId: change.causationId },
      ),
    ]);
    return true;
  }
}
