import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type MessageLimits = ResponseOf<typeof queries.messageLimits>;

/**
 * SPEC S4: the limits interaction holds agents' texts to, asked of interaction (it owns the rule
 * and its setting, SMS_MAX_SEGMENTS) so the composer refuses exactly what a send would.
 */
@Injectable()
export class MessageLimitsUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(): Promise<MessageLimits> {
    return askOwner(this.runtime, queries.messageLimits, {});
  }
}
