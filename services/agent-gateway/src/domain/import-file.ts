import { type CsvRecord, csvRecords } from './csv-records';

/**
 * Reading a directory import file into numbered rows. The gateway only reads: it does not
 * judge values (required fields, phone numbers, duplicates are profile's to check), it passes
 * on what each row says and reports the rows it cannot read at all.
 */

export type ImportFormat = 'csv' | 'json';

/** 1-based: the CSV header is not counted; in JSON it is the array index + 1. */
export interface ImportRow {
  rowNumber: number;
  fields: Record<string, unknown>;
}

/** A row the file has but the gateway cannot read: wrong number of fields, broken quoting, not an object. */
export interface UnreadableRow {
  rowNumber: number;
  /** `*`: the row as a whole, no one field. */
  field: '*';
  reason: string;
}

export type ImportEntry = ImportRow | UnreadableRow;

export function isUnreadable(entry: ImportEntry): entry is UnreadableRow {
  return !('fields' in entry);
}

export interface ImportFile {
  format: ImportFormat;
  /** Every data row, read or not: row numbers run from 1 to this, without gaps. */
  totalRows: number;
  /**
   * Every row in file order, read from the file again on each call: a CSV of tens of megabytes
   * as row objects would take several times its size in memory, so they are made a chunk at a
   * time, as they are sent.
   */
  entries(): Iterable<ImportEntry>;
}

/** Why a whole file is refused before anything is imported. */
export interface ImportFileProblem {
  problem: 'empty' | 'header-invalid' | 'format-invalid';
  message: string;
  details?: unknown;
}

export type ImportFileReading = { ok: true; file: ImportFile } | { ok: false; refused: ImportFileProblem };

/** CSV header names (compared trimmed and case-insensitively) and the field keys they become. */
export const CSV_COLUMNS: Readonly<Record<string, string>> = {
  external_id: 'externalId',
  name: 'name',
  email: 'email',
  mobile: 'mobile',
  other_phones: 'otherPhones',
  active: 'active',
};
const REQUIRED_COLUMNS = ['external_id', 'name'];

const MEDIA_TYPES: Readonly<Record<string, ImportFormat>> = {
  'text/csv': 'csv',
  'application/json': 'json',
};

/**
 * The format a Content-Type header names, or null for any other type, or for a charset
 * other than UTF-8 (files are decoded as UTF-8 and nothing else).
 */
export function importFormatOf(contentType: string | undefined): ImportFormat | null {
  if (!contentType) return null;
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const format = MEDIA_TYPES[type];
  if (!format) return null;
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    if (name === 'charset' && !['utf-8', 'utf8', '"utf-8"'].includes(value)) return null;
  }
  return format;
}

const refused = (problem: ImportFileProblem['problem'], message: string, details?: unknown) =>
  ({ ok: false, refused: { problem, message, ...(details === undefined ? {} : { details }) } }) as const;

/** Decodes the uploaded bytes as UTF-8 (a leading BOM is dropped) and reads them as `format`. */
export function readImportFile(format: ImportFormat, bytes: Uint8Array): ImportFileReading {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused('format-invalid', 'the file is not UTF-8 text; save it as UTF-8 and upload it again');
  }
  return format === 'csv' ? readCsv(text) : readJson(text);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A CSV data record as a row: `keys` are the field keys of the header's columns (null: dropped). */
function csvEntry(record: CsvRecord, rowNumber: number, keys: ReadonlyArray<string | null>): ImportEntry {
  if (!record.ok) return { rowNumber, field: '*', reason: record.reason };
  if (record.fields.length !== keys.length) {
    return {
      rowNumber,
      field: '*',
      reason: `has ${record.fields.length} fields where the header has ${keys.length}`,
    };
  }
  const fields: Record<string, unknown> = {};
  keys.forEach((key, column) => {
    if (key !== null) fields[key] = record.fields[column];
  });
  return { rowNumber, fields };
}

function* csvEntries(text: string, keys: ReadonlyArray<string | null>): Generator<ImportEntry> {
  const records = csvRecords(text);
  records.next(); // the header
  let rowNumber = 0;
  for (const record of records) {
    rowNumber += 1;
    yield csvEntry(record, rowNumber, keys);
  }
}

/**
 * A CSV file with a header row naming at least external_id and name. Known columns become
 * their field keys (other_phones → otherPhones); unknown columns are passed on under their own
 * name; columns without a name are dropped, having nothing to be sent under. Values stay the
 * raw strings of the file.
 */
export function readCsv(input: string): ImportFileReading {
  const text = stripBom(input);
  if (text.trim() === '') return refused('empty', 'the file is empty');
  const records = csvRecords(text);
  const first = records.next();
  const header: CsvRecord | undefined = first.done ? undefined : first.value;
  if (!header?.ok) {
    return refused('header-invalid', `the header row cannot be read: ${header?.reason ?? 'missing'}`);
  }
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const keys = header.fields.map((name, index) => {
    if (name.trim() === '') return null;
    return CSV_COLUMNS[columns[index]!] ?? name;
  });
  const named = keys.filter((key): key is string => key !== null);
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  const duplicated = [...new Set(named.filter((key, index) => named.indexOf(key) !== index))];
  if (missing.length > 0 || duplicated.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`is missing ${missing.join(', ')}`] : []),
      ...(duplicated.length > 0 ? [`repeats ${duplicated.join(', ')}`] : []),
    ];
    return refused('header-invalid', `the header row ${problems.join(' and ')}`, {
      missing,
      duplicated,
      expected: Object.keys(CSV_COLUMNS),
    });
  }
  let totalRows = 0;
  for (const _record of records) totalRows += 1;
  if (totalRows === 0) return refused('empty', 'the file has a header row but no data rows');
  return { ok: true, file: { format: 'csv', totalRows, entries: () => csvEntries(text, keys) } };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function* jsonEntries(elements: readonly unknown[]): Generator<ImportEntry> {
  for (const [index, element] of elements.entries()) {
    const rowNumber = index + 1;
    if (typeof element === 'object' && element !== null && !Array.isArray(element)) {
      yield { rowNumber, fields: element as Record<string, unknown> };
    } else {
      yield { rowNumber, field: '*', reason: `is ${kindOf(element)}, not an object` };
    }
  }
}

/** A JSON array with one object per user; each object is passed on as it is. */
export function readJson(input: string): ImportFileReading {
  const text = stripBom(input);
  if (text.trim() === '') return refused('empty', 'the file is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refused('format-invalid', `the file is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    return refused('format-invalid', `the file must be a JSON array of user objects, not ${kindOf(parsed)}`);
  }
  if (parsed.length === 0) return refused('empty', 'the file is an empty array');
  const elements: readonly unknown[] = parsed;
  return {
    ok: true,
    file: { format: 'json', totalRows: elements.length, entries: () => jsonEntries(elements) },
  };
}
