import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { askOwner } from './ask-owner';

export type DirectoryUsers = ResponseOf<typeof queries.searchDirectory>;

/** Directory users by name, email, external id or number: agents pick the right one when correcting (P5). */
@Injectable()
export class SearchDirectoryUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(query: string, limit: number): Promise<DirectoryUsers> {
    return askOwner(this.runtime, queries.searchDirectory, { query, limit });
  }
}
