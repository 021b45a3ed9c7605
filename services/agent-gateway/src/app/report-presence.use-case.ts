import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { inBatches } from '../domain/batches';
import { askOwner } from './ask-owner';

export type Heartbeat = ResponseOf<typeof queries.heartbeat>;

/** The most agent ids one heartbeat may carry (routing's heartbeat request refuses more). */
export const HEARTBEAT_BATCH_SIZE = 10_000;

/**
 * SPEC W3: tells routing that these agents are present (a WebSocket open on this replica, or a
 * client's own heartbeat), in as many heartbeats as the batch size needs. The batches are
 * independent: all are sent even when one fails, and then the first failure is thrown.
 */
@Injectable()
export class ReportPresenceUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  async execute(agentIds: readonly string[]): Promise<Heartbeat> {
    const answers = await Promise.allSettled(
      inBatches(agentIds, HEARTBEAT_BATCH_SIZE).map((batch) =>
        askOwner(this.runtime, queries.heartbeat, { agentIds: batch }),
      ),
    );
    let seen = 0;
    for (const answer of answers) {
      if (answer.status === 'rejected') throw answer.reason;
      seen += answer.value.seen;
    }
    return { seen };
  }
}
