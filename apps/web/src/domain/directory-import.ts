// A directory import (SPEC P1–P5, docs/profiles.md) as the page follows it: what to send for a
// chosen file, the progress to show while it runs, and the rejected rows gathered page by page.
import type { ImportRejection, ImportStatus } from '../api/types';

export type ImportContentType = 'text/csv' | 'application/json';

/**
 * The content type the API expects for a file: by its extension, else by the type the browser
 * gives it (which is often empty or a spreadsheet's type for .csv). Null: neither CSV nor JSON.
 */
export function importContentType(file: { name: string; type: string }): ImportContentType | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.json')) return 'application/json';
  if (file.type === 'text/csv' || file.type === 'application/json') return file.type;
  return null;
}

export interface ImportProgress {
  processed: number;
  total: number;
  /** "N of M rows" */
  text: string;
  done: boolean;
  /** Stalled: the API asks for the file to be uploaded again with the same Idempotency-Key. */
  stalled: boolean;
}

export function importProgress(
  status: Pick<ImportStatus, 'processedRows' | 'totalRows' | 'state'>,
): ImportProgress {
  return {
    processed: status.processedRows,
    total: status.totalRows,
    text: `${status.processedRows} of ${status.totalRows} rows`,
    done: status.state !== 'running',
    stalled: status.state === 'stalled',
  };
}

/**
 * Adds a page of rejections to those already shown, once each: a poll that asks again from the
 * same row answers rows already kept.
 */
export function mergeRejections(
  shown: readonly ImportRejection[],
  page: readonly ImportRejection[],
): ImportRejection[] {
  const key = (rejection: ImportRejection) =>
    `${rejection.rowNumber}\u0000${rejection.field}\u0000${rejection.reason}`;
  const seen = new Set(shown.map(key));
  return [...shown, ...page.filter((rejection) => !seen.has(key(rejection)))];
}

/** The row to ask for more rejections after: the last one shown (0: from the start). */
export function lastRowShown(shown: readonly ImportRejection[]): number {
  return shown.reduce((last, rejection) => Math.max(last, rejection.rowNumber), 0);
}
