import type { CountryCode, RequestOf, ResponseOf, queries, schemas } from '@threadline/contracts';
import { AppError } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { duplicateOf, planImportChunk, type RowRejection } from '../domain/directory-row';
import { importState, pageOfRejections } from '../domain/import-progress';
import { DirectoryImportRepository, type ImportRow } from '../infra/directory-import.repository';

type ImportStatus = z.infer<typeof schemas.importStatus>;

/** More than any row can have: one rejection per field of a row, and a row has a handful. */
const MAX_FIELDS_PER_ROW = 64;

/**
 * Directory imports (issue: upsert by external id, a report per rejected row, progress,
 * repeatable). The sender (agent-gateway) reads the file and sends its rows in numbered
 * chunks; each chunk is one transaction recorded under its number, so a chunk sent twice is
 * answered from the record instead of being applied twice.
 */
export class DirectoryImportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly defaultRegion: CountryCode,
    private readonly stallAfterMs: number,
  ) {}

  begin(request: RequestOf<typeof queries.beginImport>): Promise<ResponseOf<typeof queries.beginImport>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new DirectoryImportRepository(manager);
      await repository.begin(request);
      const row = (await repository.find(request.importId))!;
      if (
        row.format !== request.format ||
        row.total_rows !== request.totalRows ||
        row.file_name !== request.fileName
      ) {
        throw new AppError(
          'IMPORT_ID_REUSED',
          409,
          `import ${request.importId} exists for a different file (${row.file_name ?? 'unnamed'}, ${row.format}, ${row.total_rows} rows)`,
        );
      }
      return this.status(row);
    });
  }

  chunk(
    request: RequestOf<typeof queries.importChunk>,
    logger: Logger,
  ): Promise<ResponseOf<typeof queries.importChunk>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new DirectoryImportRepository(manager);
      // One chunk of an import at a time: duplicates across chunks are judged in file order.
      const row = await this.found(repository, request.importId, true);
      const recorded = await repository.chunk(request.importId, request.chunkIndex);
      if (recorded) {
        const rejections =
          recorded.firstRow === null
            ? []
            : await repository.rejectionsBetween(request.importId, recorded.firstRow, recorded.lastRow!);
        return { status: this.status(row), rejections };
      }
      if (row.finished_at !== null) {
        throw new AppError('IMPORT_FINISHED', 409, `import ${request.importId} is finished; start a new one`);
      }
      const plan = planImportChunk(request.rows, this.defaultRegion);
      const duplicates = await repository.upsertUsers(request.importId, plan);
      // A row repeating an earlier row of this chunk that itself repeats a row of an earlier
      // chunk names that row too: a repeat always names the first row of the file with the id.
      const firstRowReason = new Map(duplicates.map((d) => [duplicateOf(d.rowNumber).reason, d.reason]));
      const planned = plan.rejections.map((rejection) => {
        const reason = firstRowReason.get(rejection.reason);
        return reason === undefined ? rejection : { ...rejection, reason };
      });
      const rejections: RowRejection[] = [...request.unreadable, ...planned, ...duplicates].sort(
        (a, b) => a.rowNumber - b.rowNumber || a.field.localeCompare(b.field),
      );
      const rowNumbers = [
        ...request.rows.map((r) => r.rowNumber),
        ...request.unreadable.map((r) => r.rowNumber),
      ];
      const rejectedRows = new Set(rejections.map((rejection) => rejection.rowNumber)).size;
      const rowCount = new Set(rowNumbers).size;
      await repository.recordChunk(
        request.importId,
        request.chunkIndex,
        {
          rowCount,
          acceptedRows: rowCount - rejectedRows,
          rejectedRows,
          firstRow: rowNumbers.length > 0 ? Math.min(...rowNumbers) : null,
          lastRow: rowNumbers.length > 0 ? Math.max(...rowNumbers) : null,
        },
        rejections,
      );
      const updated = (await repository.find(request.importId))!;
      if (request.chunkIndex % 10 === 0) {
        logger.info(
          { importId: request.importId, processed: updated.processed_rows, total: updated.total_rows },
          'directory import progress',
        );
      }
      return { status: this.status(updated), rejections };
    });
  }

  finish(
    request: RequestOf<typeof queries.finishImport>,
    logger: Logger,
  ): Promise<ResponseOf<typeof queries.finishImport>> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new DirectoryImportRepository(manager);
      const row = await this.found(repository, request.importId, true);
      if (row.finished_at === null && row.processed_rows < row.total_rows) {
        throw new AppError(
          'IMPORT_INCOMPLETE',
          409,
          `import ${request.importId} has ${row.processed_rows} of ${row.total_rows} rows; send the missing chunks first`,
        );
      }
      await repository.finish(request.importId);
      const finished = (await repository.find(request.importId))!;
      logger.info(
        { importId: request.importId, accepted: finished.accepted_rows, rejected: finished.rejected_rows },
        'directory import finished',
      );
      return this.status(finished);
    });
  }

  async statusOf(
    request: RequestOf<typeof queries.importStatus>,
  ): Promise<ResponseOf<typeof queries.importStatus>> {
    const repository = new DirectoryImportRepository(this.dataSource.manager);
    const row = await this.found(repository, request.importId, false);
    // Enough to fill the page and see past its last row, whose rejections stay on one page.
    const fetched = await repository.rejections(
      request.importId,
      request.rejectionsAfterRow,
      null,
      request.rejectionsLimit + MAX_FIELDS_PER_ROW,
    );
    const { rejections, nextAfterRow } = pageOfRejections(fetched, request.rejectionsLimit);
    return { status: this.status(row), rejections, nextRejectionsAfterRow: nextAfterRow };
  }

  private async found(
    repository: DirectoryImportRepository,
    importId: string,
    lock: boolean,
  ): Promise<ImportRow> {
    const row = await repository.find(importId, lock);
    if (!row) throw new AppError('IMPORT_NOT_FOUND', 404, `import ${importId} does not exist`);
    return row;
  }

  private status(row: ImportRow): ImportStatus {
    return {
      importId: row.id,
      format: row.format,
      fileName: row.file_name,
      requestedBy: row.requested_by,
      state: importState(
        { finishedAt: row.finished_at, updatedAt: row.updated_at },
        new Date(),
        this.stallAfterMs,
      ),
      totalRows: row.total_rows,
      processedRows: row.processed_rows,
      acceptedRows: row.accepted_rows,
      rejectedRows: row.rejected_rows,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }
}
