import { Inject, Injectable } from '@nestjs/common';
import { queries, type ResponseOf } from '@threadline/contracts';
import { AppError, RUNTIME, type ServiceRuntime } from '@threadline/platform';
import { v7 as uuidv7 } from 'uuid';
import type { AuthenticatedAgent } from '../domain/agent';
import { importChunks, importIdForKey } from '../domain/import-chunks';
import { type ImportFileProblem, type ImportFormat, readImportFile } from '../domain/import-file';
import { DIRECTORY_IMPORTER_ROLES } from '../domain/profile-access';
import { askOwner } from './ask-owner';
import { DirectoryImportSender } from './directory-import-sender';
import { AgentErrorCodes } from './error-codes';
import { requireRole } from './require-role';

export type ImportStatus = ResponseOf<typeof queries.beginImport>;

export interface StartDirectoryImportCommand {
  format: ImportFormat;
  /** The file as uploaded. */
  bytes: Uint8Array;
  fileName: string | null;
  /** The client's Idempotency-Key: the same key (from the same agent) finds the same import. */
  idempotencyKey: string | null;
}

/** 403 ROLE_NOT_ALLOWED unless the agent may import the directory. */
export function requireDirectoryImporter(agent: AuthenticatedAgent): void {
  requireRole(agent, DIRECTORY_IMPORTER_ROLES, 'only admins may import the directory');
}

const FILE_ERRORS: Record<ImportFileProblem['problem'], string> = {
  empty: AgentErrorCodes.IMPORT_EMPTY,
  'header-invalid': AgentErrorCodes.IMPORT_HEADER_INVALID,
  'format-invalid': AgentErrorCodes.IMPORT_FORMAT_INVALID,
};

/**
 * A directory import: the file is read whole first, so a file that cannot be imported at all
 * is refused with a 4xx and nothing starts. Then profile records the import and the answer
 * goes out; the rows follow in chunks in the background (progress at GET /directory/imports/{id}).
 */
@Injectable()
export class StartDirectoryImportUseCase {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly sender: DirectoryImportSender,
  ) {}

  async execute(agent: AuthenticatedAgent, command: StartDirectoryImportCommand): Promise<ImportStatus> {
    requireDirectoryImporter(agent);
    const reading = readImportFile(command.format, command.bytes);
    if (!reading.ok) {
      const { problem, message, details } = reading.refused;
      throw new AppError(FILE_ERRORS[problem], 400, message, details);
    }
    const { file } = reading;
    const importId =
      command.idempotencyKey === null ? uuidv7() : importIdForKey(command.idempotencyKey, agent.id);
    const status = await askOwner(this.runtime, queries.beginImport, {
      importId,
      format: file.format,
      fileName: command.fileName,
      requestedBy: agent.id,
      totalRows: file.totalRows,
    });
    // A retried upload of a completed import has nothing left to send; one of a stalled import
    // resumes it (profile answers the chunks it already has from its record).
    if (status.state !== 'completed') {
      this.sender.start(importId, importChunks(file.entries()), file.totalRows);
    }
    return status;
  }
}
