import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { RUNTIME, type ServiceRuntime } from '@threadline/platform';
import type { AuthenticatedAgent } from '../domain/agent';
import { askOwner } from './ask-owner';
import { requireDirectoryImporter } from './start-directory-import.use-case';

export type ImportStatusPage = ResponseOf<typeof queries.importStatus>;

export interface DirectoryImportStatusQuery {
  importId: string;
  /** The cursor: rejections of rows after this one (0 for the first page). */
  rejectionsAfterRow: number;
  limit: number;
}

/** Progress of a directory import, and a page of the rows profile rejected, in row order. */
@Injectable()
export class DirectoryImportStatusUseCase {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  execute(agent: AuthenticatedAgent, query: DirectoryImportStatusQuery): Promise<ImportStatusPage> {
    requireDirectoryImporter(agent);
    return askOwner(this.runtime, queries.importStatus, {
      importId: query.importId,
      rejectionsAfterRow: query.rejectionsAfterRow,
      rejectionsLimit: query.limit,
    });
  }
}
