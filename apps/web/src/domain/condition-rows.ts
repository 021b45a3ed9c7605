// The condition editor's model: a condition of the routing language as a list of field tests
// combined with all or any, which is what most queues and filters need. A condition that is more
// than that (a `not`, a nested group) is edited as JSON instead, so nothing is lost.
import {
  type ConditionOperator,
  type FieldCatalog,
  type FieldType,
  OPERATORS_BY_FIELD_TYPE,
} from './condition-fields';

export type Combinator = 'all' | 'any';

/** One field test as the form holds it: the value as typed (a list: comma-separated). */
export interface ConditionRow {
  field: string;
  op: ConditionOperator;
  value: string;
}

export type ConditionDraft =
  { mode: 'rows'; combinator: Combinator; rows: ConditionRow[] } | { mode: 'json'; text: string };

/** How a row's value is entered. */
export type ValueInput =
  | { kind: 'none' }
  | { kind: 'text'; placeholder: string }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'list'; placeholder: string };

type Json = string | number | boolean | null;

export const EMPTY_CONDITION: ConditionDraft = { mode: 'rows', combinator: 'all', rows: [] };

export function operatorsFor(catalog: FieldCatalog, field: string): readonly ConditionOperator[] {
  const type = catalog[field];
  return type ? OPERATORS_BY_FIELD_TYPE[type.type] : [];
}

export function valueInputFor(catalog: FieldCatalog, row: Pick<ConditionRow, 'field' | 'op'>): ValueInput {
  const type = catalog[row.field];
  if (row.op === 'exists' || !type) return { kind: 'none' };
  if (row.op === 'in' || row.op === 'not_in') return { kind: 'list', placeholder: listPlaceholder(type) };
  switch (type.type) {
    case 'boolean':
      return { kind: 'choice', options: ['true', 'false'] };
    case 'enum':
      return { kind: 'choice', options: type.values };
    case 'number':
      return { kind: 'number', min: type.min, max: type.max };
    case 'phone':
      return { kind: 'text', placeholder: '+15550100001' };
    case 'string':
      return { kind: 'text', placeholder: '' };
  }
}

function listPlaceholder(type: FieldType): string {
  switch (type.type) {
    case 'phone':
      return '+15550100001, +15550100002';
    case 'enum':
      return type.values.slice(0, 2).join(', ');
    case 'boolean':
      return 'true, false';
    case 'number':
      return '1, 2, 3';
    case 'string':
      return 'a, b';
  }
}

/** A new row: the first field of the catalog, tested for equality with its first value. */
export function newRow(catalog: FieldCatalog): ConditionRow {
  const field = Object.keys(catalog)[0] ?? '';
  return withField(catalog, { field, op: 'eq', value: '' }, field);
}

/** The row testing another field: an operator it allows, and a value that fits it. */
export function withField(catalog: FieldCatalog, row: ConditionRow, field: string): ConditionRow {
  const operators = operatorsFor(catalog, field);
  const op = operators.includes(row.op) ? row.op : (operators[0] ?? 'eq');
  return { field, op, value: defaultValue(catalog, { field, op }) };
}

export function withOperator(catalog: FieldCatalog, row: ConditionRow, op: ConditionOperator): ConditionRow {
  const before = valueInputFor(catalog, row).kind;
  const after = valueInputFor(catalog, { field: row.field, op }).kind;
  return {
    ...row,
    op,
    value: before === after ? row.value : defaultValue(catalog, { field: row.field, op }),
  };
}

function defaultValue(catalog: FieldCatalog, row: Pick<ConditionRow, 'field' | 'op'>): string {
  const input = valueInputFor(catalog, row);
  return input.kind === 'choice' ? (input.options[0] ?? '') : '';
}

/** The draft of a condition the API answered; null (matches everything) is no rows. */
export function draftOf(condition: unknown, catalog: FieldCatalog): ConditionDraft {
  if (condition === null || condition === undefined) return EMPTY_CONDITION;
  const asRows = rowsOf(condition, catalog);
  return asRows ?? { mode: 'json', text: JSON.stringify(condition, null, 2) };
}

function rowsOf(condition: unknown, catalog: FieldCatalog): ConditionDraft | null {
  if (!isObject(condition)) return null;
  const single = rowOf(condition, catalog);
  if (single) return { mode: 'rows', combinator: 'all', rows: [single] };
  for (const combinator of ['all', 'any'] as const) {
    const children = condition[combinator];
    if (Object.keys(condition).length !== 1 || !Array.isArray(children)) continue;
    const rows = children.map((child) => (isObject(child) ? rowOf(child, catalog) : null));
    if (rows.every((row): row is ConditionRow => row !== null)) return { mode: 'rows', combinator, rows };
  }
  return null;
}

function rowOf(test: Record<string, unknown>, catalog: FieldCatalog): ConditionRow | null {
  const { field, op, value } = test;
  const keys = Object.keys(test).sort().join(',');
  if (typeof field !== 'string' || !catalog[field] || typeof op !== 'string') return null;
  const operator = operatorsFor(catalog, field).find((known) => known === op);
  if (!operator) return null;
  if (operator === 'exists') return keys === 'field,op' ? { field, op: operator, value: '' } : null;
  if (keys !== 'field,op,value') return null;
  if (operator === 'in' || operator === 'not_in') {
    if (!Array.isArray(value) || !value.every(isScalar) || value.some((item) => textOf(item).includes(',')))
      return null;
    return { field, op: operator, value: value.map(textOf).join(', ') };
  }
  return isScalar(value) && value !== null ? { field, op: operator, value: textOf(value) } : null;
}

/**
 * The condition to send: null for no rows. Values are typed after their field (a number field's
 * value as a number, a boolean's as true or false); text the API would refuse is sent as typed,
 * so its answer names the row. JSON that does not parse is a problem at `condition`.
 */
export function conditionOf(
  draft: ConditionDraft,
  catalog: FieldCatalog,
): { ok: true; condition: unknown } | { ok: false; problem: { path: string; message: string } } {
  if (draft.mode === 'json') {
    if (draft.text.trim() === '') return { ok: true, condition: null };
    try {
      return { ok: true, condition: JSON.parse(draft.text) as unknown };
    } catch {
      return { ok: false, problem: { path: 'condition', message: 'this is not JSON' } };
    }
  }
  if (draft.rows.length === 0) return { ok: true, condition: null };
  return { ok: true, condition: { [draft.combinator]: draft.rows.map((row) => testOf(row, catalog)) } };
}

function testOf(row: ConditionRow, catalog: FieldCatalog): Record<string, unknown> {
  if (row.op === 'exists') return { field: row.field, op: row.op };
  const type = catalog[row.field];
  if (row.op === 'in' || row.op === 'not_in') {
    const items = row.value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return { field: row.field, op: row.op, value: items.map((item) => typed(type, item)) };
  }
  return { field: row.field, op: row.op, value: typed(type, row.value.trim()) };
}

function typed(type: FieldType | undefined, text: string): Json {
  if (type?.type === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type?.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The API's path of a row's part, e.g. `condition.all[1].value`, where its errors belong. */
export function rowPath(draft: ConditionDraft, index: number, part: 'field' | 'op' | 'value'): string {
  return draft.mode === 'rows' ? `condition.${draft.combinator}[${index}].${part}` : 'condition';
}

/** Every path the editor shows errors beside; `condition` takes the rest of the condition's. */
export function conditionPaths(draft: ConditionDraft): string[] {
  if (draft.mode === 'json') return ['condition'];
  const parts = ['field', 'op', 'value'] as const;
  return [
    'condition',
    ...draft.rows.flatMap((_row, index) => parts.map((part) => rowPath(draft, index, part))),
  ];
}

/** Switches to JSON with the condition the rows make (to add a `not` or a nested group). */
export function toJson(draft: ConditionDraft, catalog: FieldCatalog): ConditionDraft {
  if (draft.mode === 'json') return draft;
  const made = conditionOf(draft, catalog);
  const condition = made.ok ? made.condition : null;
  return { mode: 'json', text: condition === null ? '' : JSON.stringify(condition, null, 2) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Json {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function textOf(value: Json): string {
  return value === null ? 'null' : String(value);
}

/** Back to rows from JSON, or null when the condition is more than a list of field tests. */
export function toRows(draft: ConditionDraft, catalog: FieldCatalog): ConditionDraft | null {
  if (draft.mode === 'rows') return draft;
  const made = conditionOf(draft, catalog);
  if (!made.ok) return null;
  const back = draftOf(made.condition, catalog);
  return back.mode === 'rows' ? back : null;
}
