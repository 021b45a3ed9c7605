import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type RequesterLookup = ResponseOf<typeof queries.lookupRequester>;

/**
 * Who a number would be attributed to now, changing nothing: the new-SMS dialog shows it
 * before the agent sends (SPEC A4), so every agent may ask.
 */
@Injectable()
export class LookupRequesterUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(address: string): Promise<RequesterLookup> {
    return askOwner(this.runtime, queries.lookupRequester, { address });
  }
}
