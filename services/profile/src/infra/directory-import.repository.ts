import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type ChunkPlan, duplicateOf, type RowRejection } from '../domain/directory-row';

export interface ImportRow {
  id: string;
  format: 'csv' | 'json';
  file_name: string | null;
  requested_by: string;
  total_rows: number;
  processed_rows: number;
  accepted_rows: number;
  rejected_rows: number;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export interface ChunkResult {
  rowCount: number;
  acceptedRows: number;
  rejectedRows: number;
  firstRow: number | null;
  lastRow: number | null;
}

/** SQL over the directory and its imports; every method runs in the caller's transaction. */
export class DirectoryImportRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Creates the import, or leaves the existing one with that id as it is. */
  async begin(input: {
    importId: string;
    format: 'csv' | 'json';
    fileName: string | null;
    requestedBy: string;
    totalRows: number;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO directory_import (id, format, file_name, requested_by, total_rows)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [input.importId, input.format, input.fileName, input.requestedBy, input.totalRows],
    );
  }

  async find(importId: string, lock = false): Promise<ImportRow | null> {
    const [row] = await this.manager.query<ImportRow[]>(
      `SELECT * FROM directory_import WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [importId],
    );
    return row ?? null;
  }

  async chunk(importId: string, chunkIndex: number): Promise<ChunkResult | null> {
    const [row] = await this.manager.query<
      Array<{
        row_count: number;
        accepted_rows: number;
        rejected_rows: number;
        first_row: number | null;
        last_row: number | null;
      }>
    >(
      `SELECT row_count, accepted_rows, rejected_rows, first_row, last_row
         FROM directory_import_chunk WHERE import_id = $1 AND chunk_index = $2`,
      [importId, chunkIndex],
    );
    return row
      ? {
          rowCount: row.row_count,
          acceptedRows: row.accepted_rows,
          rejectedRows: row.rejected_rows,
          firstRow: row.first_row,
          lastRow: row.last_row,
        }
      : null;
  }

  /**
   * Upserts the planned users by external id, replaces their phone numbers, and answers the
   * rows that repeat an external id already written by another row of this import. A few
   * statements per chunk whatever its size: rows travel as arrays, not one statement each.
   */
  async upsertUsers(importId: string, plan: ChunkPlan): Promise<RowRejection[]> {
    const users = plan.users;
    if (users.length === 0) return [];
    const written = await this.manager.query<Array<{ id: string; external_id: string }>>(
      `INSERT INTO directory_user (id, external_id, name, email, active, last_import_id, last_import_row)
       SELECT t.id, t.external_id, t.name, t.email, t.active, $7, t.row_number
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::integer[])
           AS t(id, external_id, name, email, active, row_number)
       ON CONFLICT (external_id) DO UPDATE
          SET name = EXCLUDED.name, email = EXCLUDED.email, active = EXCLUDED.active,
              last_import_id = EXCLUDED.last_import_id, last_import_row = EXCLUDED.last_import_row,
              updated_at = now()
        WHERE directory_user.last_import_id IS DISTINCT FROM EXCLUDED.last_import_id
           OR directory_user.last_import_row = EXCLUDED.last_import_row
       RETURNING id, external_id`,
      [
        users.map(() => uuidv7()),
        users.map((user) => user.externalId),
        users.map((user) => user.name),
        users.map((user) => user.email),
        users.map((user) => user.active),
        users.map((user) => user.rowNumber),
        importId,
      ],
    );
    const idOf = new Map(written.map((row) => [row.external_id, row.id]));
    const duplicates = users.filter((user) => !idOf.has(user.externalId));
    const kept = users.filter((user) => idOf.has(user.externalId));

    const userIds = kept.map((user) => idOf.get(user.externalId)!);
    await this.manager.query(`DELETE FROM directory_user_phone WHERE user_id = ANY($1::uuid[])`, [userIds]);
    const phones = kept.flatMap((user) => {
      const id = idOf.get(user.externalId)!;
      return [
        ...(user.mobile ? [{ id, address: user.mobile, kind: 'mobile' }] : []),
        ...user.otherPhones.map((address) => ({ id, address, kind: 'other' })),
      ];
    });
    if (phones.length > 0) {
      await this.manager.query(
        `INSERT INTO directory_user_phone (user_id, address, kind)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`,
        [
          phones.map((phone) => phone.id),
          phones.map((phone) => phone.address),
          phones.map((phone) => phone.kind),
        ],
      );
    }
    if (duplicates.length === 0) return [];
    const firstRows = await this.manager.query<Array<{ external_id: string; last_import_row: number }>>(
      `SELECT external_id, last_import_row FROM directory_user WHERE external_id = ANY($1::text[])`,
      [duplicates.map((user) => user.externalId)],
    );
    const firstRowOf = new Map(firstRows.map((row) => [row.external_id, row.last_import_row]));
    return duplicates.map((user) => ({
      rowNumber: user.rowNumber,
      ...duplicateOf(firstRowOf.get(user.externalId) ?? 0),
    }));
  }

  async recordChunk(
    importId: string,
    chunkIndex: number,
    result: ChunkResult,
    rejections: RowRejection[],
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO directory_import_chunk (import_id, chunk_index, row_count, accepted_rows, rejected_rows, first_row, last_row)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        importId,
        chunkIndex,
        result.rowCount,
        result.acceptedRows,
        result.rejectedRows,
        result.firstRow,
        result.lastRow,
      ],
    );
    if (rejections.length > 0) {
      await this.manager.query(
        `INSERT INTO directory_import_rejection (import_id, row_number, field, reason)
         SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[])
         ON CONFLICT DO NOTHING`,
        [
          importId,
          rejections.map((rejection) => rejection.rowNumber),
          rejections.map((rejection) => rejection.field),
          rejections.map((rejection) => rejection.reason),
        ],
      );
    }
    await this.manager.query(
      `UPDATE directory_import
          SET processed_rows = processed_rows + $2, accepted_rows = accepted_rows + $3,
              rejected_rows = rejected_rows + $4, updated_at = now()
        WHERE id = $1`,
      [importId, result.rowCount, result.acceptedRows, result.rejectedRows],
    );
  }

  async rejectionsBetween(importId: string, firstRow: number, lastRow: number): Promise<RowRejection[]> {
    return this.rejections(importId, firstRow - 1, lastRow, 100_000);
  }

  /** Rejections after row `afterRow`, up to row `untilRow`, in row order. */
  async rejections(
    importId: string,
    afterRow: number,
    untilRow: number | null,
    limit: number,
  ): Promise<RowRejection[]> {
    const rows = await this.manager.query<Array<{ row_number: number; field: string; reason: string }>>(
      `SELECT row_number, field, reason FROM directory_import_rejection
        WHERE import_id = $1 AND row_number > $2 AND ($3::integer IS NULL OR row_number <= $3)
        ORDER BY row_number, field LIMIT $4`,
      [importId, afterRow, untilRow, limit],
    );
    return rows.map((row) => ({ rowNumber: row.row_number, field: row.field, reason: row.reason }));
  }

  async finish(importId: string): Promise<void> {
    await this.manager.query(
      `UPDATE directory_import SET finished_at = coalesce(finished_at, now()), updated_at = now() WHERE id = $1`,
      [importId],
    );
  }
}
