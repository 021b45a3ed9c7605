import { type CountryCode, toE164 } from '@threadline/contracts';

/** A directory user as an import row describes them, validated and normalised. */
export interface DirectoryUserInput {
  externalId: string;
  name: string;
  email: string | null;
  /** E.164 */
  mobile: string | null;
  /** E.164, without duplicates and without the mobile. */
  otherPhones: string[];
  active: boolean;
}

export interface RowProblem {
  field: string;
  reason: string;
}

export type RowReading = { ok: true; user: DirectoryUserInput } | { ok: false; problems: RowProblem[] };

export const MAX_TEXT_LENGTH = 200;
export const MAX_OTHER_PHONES = 10;
// Deliberately loose: one @, something on each side, a dot in the domain. Mail servers decide the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'active']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'inactive']);

/** Empty strings, null and undefined all mean "not given": CSV cannot tell them apart. */
function given(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

function text(
  fields: Record<string, unknown>,
  field: string,
  problems: RowProblem[],
  required: boolean,
): string | null {
  const value = fields[field];
  if (!given(value)) {
    if (required) problems.push({ field, reason: 'is required' });
    return null;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    problems.push({ field, reason: 'must be text' });
    return null;
  }
  const trimmed = String(value).trim();
  if (trimmed.length > MAX_TEXT_LENGTH) {
    problems.push({ field, reason: `is longer than ${MAX_TEXT_LENGTH} characters` });
    return null;
  }
  return trimmed;
}

function phone(
  value: unknown,
  field: string,
  region: CountryCode,
  problems: RowProblem[],
): string | null | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    problems.push({ field, reason: 'must be text' });
    return undefined;
  }
  const e164 = toE164(String(value), region);
  if (e164 === null) {
    problems.push({ field, reason: `"${String(value).slice(0, 40)}" is not a phone number` });
    return undefined;
  }
  return e164;
}

/** `otherPhones` as a JSON array, or as text separated by `;` or `,` (CSV). */
function otherPhoneValues(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'string') {
    return value
      .split(/[;,]/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
  return null;
}

function activeFlag(value: unknown, problems: RowProblem[]): boolean {
  if (!given(value)) return true;
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  problems.push({ field: 'active', reason: 'must be true or false' });
  return true;
}

/**
 * One import row, checked field by field: every problem of the row is reported (a row is
 * accepted whole or not at all), phone numbers are normalised to E.164 in `region`, and
 * fields the directory does not know are ignored.
 */
export function readDirectoryRow(fields: Record<string, unknown>, region: CountryCode): RowReading {
  const problems: RowProblem[] = [];
  const externalId = text(fields, 'externalId', problems, true);
  const name = text(fields, 'name', problems, true);
  const email = text(fields, 'email', problems, false);
  if (email !== null && !EMAIL.test(email))
    problems.push({ field: 'email', reason: 'is not an email address' });

  const mobile = given(fields['mobile']) ? phone(fields['mobile'], 'mobile', region, problems) : null;
  const otherPhones: string[] = [];
  if (given(fields['otherPhones'])) {
    const values = otherPhoneValues(fields['otherPhones']);
    if (values === null) {
      problems.push({ field: 'otherPhones', reason: 'must be a list of phone numbers' });
    } else if (values.length > MAX_OTHER_PHONES) {
      problems.push({ field: 'otherPhones', reason: `has more than ${MAX_OTHER_PHONES} numbers` });
    } else {
      for (const value of values) {
        const e164 = phone(value, 'otherPhones', region, problems);
        if (e164 && e164 !== mobile && !otherPhones.includes(e164)) otherPhones.push(e164);
      }
    }
  }
  const active = activeFlag(fields['active'], problems);

  if (problems.length > 0 || externalId === null || name === null || mobile === undefined) {
    return { ok: false, problems: oneProblemPerField(problems) };
  }
  return {
    ok: true,
    user: { externalId, name, email: email?.toLowerCase() ?? null, mobile, otherPhones, active },
  };
}

/** The report keys a rejection by (row, field): several problems with one field become one reason. */
function oneProblemPerField(problems: readonly RowProblem[]): RowProblem[] {
  const byField = new Map<string, string[]>();
  for (const { field, reason } of problems) byField.set(field, [...(byField.get(field) ?? []), reason]);
  return [...byField].map(([field, reasons]) => ({ field, reason: reasons.join('; ') }));
}

export interface ImportRowInput {
  rowNumber: number;
  fields: Record<string, unknown>;
}

export interface RowRejection extends RowProblem {
  rowNumber: number;
}

export interface ChunkPlan {
  users: Array<DirectoryUserInput & { rowNumber: number }>;
  rejections: RowRejection[];
}

/**
 * The rows of one chunk to upsert and those to reject. An external id repeated inside the chunk
 * is rejected after its first row: the file contradicts itself, and guessing which row is right
 * would import something nobody checked. Repeats across chunks are caught by the upsert.
 */
export function planImportChunk(rows: readonly ImportRowInput[], region: CountryCode): ChunkPlan {
  const plan: ChunkPlan = { users: [], rejections: [] };
  const firstRowOf = new Map<string, number>();
  for (const row of [...rows].sort((a, b) => a.rowNumber - b.rowNumber)) {
    const reading = readDirectoryRow(row.fields, region);
    if (!reading.ok) {
      for (const problem of reading.problems) plan.rejections.push({ rowNumber: row.rowNumber, ...problem });
      continue;
    }
    const firstRow = firstRowOf.get(reading.user.externalId);
    if (firstRow !== undefined) {
      plan.rejections.push({ rowNumber: row.rowNumber, ...duplicateOf(firstRow) });
      continue;
    }
    firstRowOf.set(reading.user.externalId, row.rowNumber);
    plan.users.push({ ...reading.user, rowNumber: row.rowNumber });
  }
  return plan;
}

export function duplicateOf(firstRowNumber: number): RowProblem {
  return { field: 'externalId', reason: `repeats the external id of row ${firstRowNumber}` };
}
