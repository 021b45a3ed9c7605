// What the admin forms share: the API's refusals as problems by path (some codes name one field
// without saying so), and the typed text of optional whole numbers.
import type { FieldProblem } from './field-errors';

export interface Refusal {
  code: string;
  message: string;
  fieldProblems: FieldProblem[];
}

/**
 * The problems of a refusal by path, in the form's own spelling: the gateway's schema errors
 * name list items `schedule.windows.0.from`, the owners' `schedule.windows[0].from`. A code in
 * `codeFields` (QUEUE_NAME_TAKEN → name) is put beside that field; anything else is general.
 */
export function problemsOf(
  refusal: Refusal,
  codeFields: Readonly<Record<string, string>> = {},
): FieldProblem[] {
  const field = codeFields[refusal.code];
  if (field !== undefined && refusal.fieldProblems.length === 0)
    return [{ path: field, message: refusal.message }];
  if (refusal.fieldProblems.length === 0) return [{ path: '', message: refusal.message }];
  return refusal.fieldProblems.map((problem) => ({ ...problem, path: bracketIndexes(problem.path) }));
}

export function bracketIndexes(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Blank is null (the default applies); else a whole number, whose range the API checks. */
export function optionalWhole(text: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  return wholeNumber(trimmed);
}

export function wholeNumber(text: string): Parsed<number> {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed)
    ? { ok: true, value: Number(trimmed) }
    : { ok: false, message: 'enter a whole number' };
}

export function textOfNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
