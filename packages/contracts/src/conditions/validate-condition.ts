import {
  type Condition,
  CONDITION_LIMITS,
  CONDITION_OPERATORS,
  type ConditionOperator,
  type ConditionValue,
} from './condition';
import type { ConditionError, ConditionErrorCode } from './condition-errors';
import { type FieldCatalog, type FieldType, OPERATORS_BY_FIELD_TYPE } from './field-catalog';
import { checkFieldValue, checkPrefix } from './field-value';
import { show } from './show-value';

export type ConditionValidation =
  { ok: true; condition: Condition } | { ok: false; errors: ConditionError[] };

const KINDS = ['all', 'any', 'not', 'field'] as const;
type Kind = (typeof KINDS)[number];
const KEYS_OF: Record<Kind, readonly string[]> = {
  all: ['all'],
  any: ['any'],
  not: ['not'],
  field: ['field', 'op', 'value'],
};

/** Marks a part that was refused; its error is already recorded. */
const INVALID = Symbol('invalid');
type Checked<T> = T | typeof INVALID;

interface Walk {
  catalog: FieldCatalog;
  rootPath: string;
  errors: ConditionError[];
  nodes: number;
  tooDeepReported: boolean;
  /** Set past the node limit: nothing more is read, so a huge input costs no more than a big one. */
  stopped: boolean;
}

/**
 * Checks a condition as it arrived (parsed JSON of any shape) against `catalog`, and returns it
 * normalised (phone values in E.164) as plain JSON, or every error found, each with the path of
 * the part at fault.
 */
export function validateCondition(
  catalog: FieldCatalog,
  input: unknown,
  path = 'condition',
): ConditionValidation {
  const walk: Walk = {
    catalog,
    rootPath: path,
    errors: [],
    nodes: 0,
    tooDeepReported: false,
    stopped: false,
  };
  const condition = checkNode(walk, input, path, 1);
  if (condition === INVALID || walk.errors.length > 0) return { ok: false, errors: walk.errors };
  return { ok: true, condition };
}

function report(walk: Walk, path: string, code: ConditionErrorCode, message: string): typeof INVALID {
  walk.errors.push({ path, code, message });
  return INVALID;
}

function checkNode(walk: Walk, input: unknown, path: string, depth: number): Checked<Condition> {
  if (walk.stopped) return INVALID;
  if (depth > CONDITION_LIMITS.maxDepth) {
    // Nothing below is read: the limit is what keeps a hostile input from exhausting the stack.
    if (walk.tooDeepReported) return INVALID;
    walk.tooDeepReported = true;
    return report(
      walk,
      path,
      'CONDITION_TOO_COMPLEX',
      `conditions nest at most ${CONDITION_LIMITS.maxDepth} levels deep`,
    );
  }
  walk.nodes += 1;
  if (walk.nodes > CONDITION_LIMITS.maxNodes) {
    walk.stopped = true;
    return report(
      walk,
      walk.rootPath,
      'CONDITION_TOO_COMPLEX',
      `a condition has at most ${CONDITION_LIMITS.maxNodes} parts (all, any, not and field tests)`,
    );
  }
  if (!isObject(input)) {
    return report(
      walk,
      path,
      'CONDITION_SHAPE_INVALID',
      `a condition is an object with all, any, not or field; got ${show(input)}`,
    );
  }
  const kinds = KINDS.filter((kind) => Object.hasOwn(input, kind));
  const [kind] = kinds;
  if (kind === undefined) {
    return report(walk, path, 'CONDITION_SHAPE_INVALID', 'a condition has one of all, any, not or field');
  }
  if (kinds.length > 1) {
    return report(
      walk,
      path,
      'CONDITION_SHAPE_INVALID',
      `a condition has one of all, any, not or field, not ${kinds.join(' and ')}`,
    );
  }
  const extra = Object.keys(input).filter((key) => !KEYS_OF[kind].includes(key));
  if (extra.length > 0) {
    report(
      walk,
      path,
      'CONDITION_SHAPE_INVALID',
      `unknown ${extra.length === 1 ? 'key' : 'keys'} ${extra.map(show).join(', ')}; ` +
        `a${kind === 'all' || kind === 'any' ? 'n' : ''} ${kind} condition has only ${KEYS_OF[kind].join(', ')}`,
    );
  }
  const node =
    kind === 'all' || kind === 'any'
      ? checkChildren(walk, kind, input[kind], `${path}.${kind}`, depth)
      : kind === 'not'
        ? checkNot(walk, input.not, `${path}.not`, depth)
        : checkFieldTest(walk, input, path);
  return extra.length > 0 ? INVALID : node;
}

function checkChildren(
  walk: Walk,
  kind: 'all' | 'any',
  input: unknown,
  path: string,
  depth: number,
): Checked<Condition> {
  if (!Array.isArray(input)) {
    return report(
      walk,
      path,
      'CONDITION_SHAPE_INVALID',
      `${kind} is a list of conditions; got ${show(input)}`,
    );
  }
  const children: Condition[] = [];
  let valid = true;
  for (const [index, child] of input.entries()) {
    if (walk.stopped) return INVALID;
    const checked = checkNode(walk, child, `${path}[${index}]`, depth + 1);
    if (checked === INVALID) valid = false;
    else children.push(checked);
  }
  if (!valid) return INVALID;
  return kind === 'all' ? { all: children } : { any: children };
}

function checkNot(walk: Walk, input: unknown, path: string, depth: number): Checked<Condition> {
  const child = checkNode(walk, input, path, depth + 1);
  return child === INVALID ? INVALID : { not: child };
}

function checkFieldTest(walk: Walk, input: Record<string, unknown>, path: string): Checked<Condition> {
  const field = checkField(walk, input.field, `${path}.field`);
  const fieldType = field === INVALID ? undefined : walk.catalog[field];
  const op = checkOperator(walk, input, `${path}.op`, field, fieldType);
  if (op === INVALID) return INVALID;
  // Without a valid operator there is no telling what the value should be; with an operator the
  // field does not allow, the value is still checked against what the operator needs.
  const valueType = fieldType && OPERATORS_BY_FIELD_TYPE[fieldType.type].includes(op) ? fieldType : undefined;
  const name = field === INVALID ? 'the field' : field;
  const valuePath = `${path}.value`;
  const hasValue = Object.hasOwn(input, 'value');
  if (op === 'exists') {
    if (hasValue) {
      report(
        walk,
        valuePath,
        'CONDITION_VALUE_INVALID',
        'exists takes no value: it tests that the fact is present',
      );
    }
    return field === INVALID || hasValue || !valueType ? INVALID : { field, op };
  }
  if (!hasValue) return report(walk, valuePath, 'CONDITION_SHAPE_INVALID', `${op} needs a value`);
  const value = input.value;
  switch (op) {
    case 'eq':
    case 'ne': {
      const checked = checkScalar(walk, value, valuePath, name, valueType, op);
      return field === INVALID || checked === INVALID || !valueType ? INVALID : { field, op, value: checked };
    }
    case 'in':
    case 'not_in': {
      const checked = checkValueList(walk, value, valuePath, name, valueType, op);
      return field === INVALID || checked === INVALID || !valueType ? INVALID : { field, op, value: checked };
    }
    case 'starts_with': {
      const checked = checkStartsWith(walk, value, valuePath, name, valueType);
      return field === INVALID || checked === INVALID || !valueType ? INVALID : { field, op, value: checked };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const checked = checkBound(walk, value, valuePath, name, valueType, op);
      return field === INVALID || checked === INVALID || !valueType ? INVALID : { field, op, value: checked };
    }
  }
}

function checkField(walk: Walk, input: unknown, path: string): Checked<string> {
  if (typeof input !== 'string') {
    return report(walk, path, 'CONDITION_SHAPE_INVALID', `field is a field name; got ${show(input)}`);
  }
  // Own keys only: a field named "toString" or "__proto__" is no field of the catalog.
  if (!Object.hasOwn(walk.catalog, input)) {
    const known = Object.keys(walk.catalog);
    return report(
      walk,
      path,
      'CONDITION_FIELD_UNKNOWN',
      `unknown field ${show(input)}; ` +
        (known.length > 0 ? `the fields are ${known.join(', ')}` : 'there are no fields to test'),
    );
  }
  return input;
}

function checkOperator(
  walk: Walk,
  input: Record<string, unknown>,
  path: string,
  field: Checked<string>,
  fieldType: FieldType | undefined,
): Checked<ConditionOperator> {
  if (!Object.hasOwn(input, 'op'))
    return report(walk, path, 'CONDITION_SHAPE_INVALID', 'a field test needs an op');
  const op = input.op;
  const allowed = fieldType ? OPERATORS_BY_FIELD_TYPE[fieldType.type] : CONDITION_OPERATORS;
  const allowedByWhom = field !== INVALID && fieldType ? `${field} allows` : 'the operators are';
  if (!isOperator(op)) {
    return report(
      walk,
      path,
      'CONDITION_OPERATOR_INVALID',
      `unknown operator ${show(op)}; ${allowedByWhom} ${allowed.join(', ')}`,
    );
  }
  if (fieldType && !allowed.includes(op)) {
    report(
      walk,
      path,
      'CONDITION_OPERATOR_INVALID',
      `${op} does not apply to ${String(field)} (a ${fieldType.type} field); ${allowedByWhom} ${allowed.join(', ')}`,
    );
  }
  return op;
}

function checkScalar(
  walk: Walk,
  input: unknown,
  path: string,
  field: string,
  fieldType: FieldType | undefined,
  op: ConditionOperator,
): Checked<ConditionValue> {
  if (input === null) return null;
  if (typeof input !== 'string' && typeof input !== 'boolean' && typeof input !== 'number') {
    return report(
      walk,
      path,
      'CONDITION_VALUE_INVALID',
      `${op} compares with a string, number, true, false or null; got ${show(input)}`,
    );
  }
  if (!fieldType) return input;
  const checked = checkFieldValue(field, fieldType, input);
  return checked.ok ? checked.value : report(walk, path, 'CONDITION_VALUE_INVALID', checked.message);
}

function checkValueList(
  walk: Walk,
  input: unknown,
  path: string,
  field: string,
  fieldType: FieldType | undefined,
  op: 'in' | 'not_in',
): Checked<ConditionValue[]> {
  if (!Array.isArray(input)) {
    return report(walk, path, 'CONDITION_VALUE_INVALID', `${op} takes a list of values; got ${show(input)}`);
  }
  if (input.length === 0) {
    return report(walk, path, 'CONDITION_VALUE_INVALID', `${op} takes at least one value`);
  }
  if (input.length > CONDITION_LIMITS.maxListLength) {
    // The entries are not read: fixing the length comes first, and the list may be huge.
    return report(
      walk,
      path,
      'CONDITION_VALUE_INVALID',
      `${op} takes at most ${CONDITION_LIMITS.maxListLength} values; got ${input.length}`,
    );
  }
  const values: ConditionValue[] = [];
  let valid = true;
  for (const [index, entry] of input.entries()) {
    const checked = checkScalar(walk, entry, `${path}[${index}]`, field, fieldType, op);
    if (checked === INVALID) valid = false;
    else values.push(checked);
  }
  return valid ? values : INVALID;
}

function checkStartsWith(
  walk: Walk,
  input: unknown,
  path: string,
  field: string,
  fieldType: FieldType | undefined,
): Checked<string> {
  if (typeof input !== 'string') {
    return report(
      walk,
      path,
      'CONDITION_VALUE_INVALID',
      `starts_with takes a string prefix; got ${show(input)}`,
    );
  }
  // The operator check has refused every other field type already.
  if (fieldType?.type !== 'string' && fieldType?.type !== 'phone') return input;
  const checked = checkPrefix(field, fieldType, input);
  return checked.ok ? checked.value : report(walk, path, 'CONDITION_VALUE_INVALID', checked.message);
}

function checkBound(
  walk: Walk,
  input: unknown,
  path: string,
  field: string,
  fieldType: FieldType | undefined,
  op: 'gt' | 'gte' | 'lt' | 'lte',
): Checked<number> {
  if (typeof input !== 'number' || !Number.isFinite(input)) {
    return report(walk, path, 'CONDITION_VALUE_INVALID', `${op} compares with a number; got ${show(input)}`);
  }
  if (!fieldType) return input;
  // A bound is held to the values the field can have: out of range it is always true or always
  // false, and on a whole-number field a fraction reads better as the whole number it means.
  const checked = checkFieldValue(field, fieldType, input);
  return checked.ok ? input : report(walk, path, 'CONDITION_VALUE_INVALID', checked.message);
}

function isOperator(value: unknown): value is ConditionOperator {
  return typeof value === 'string' && (CONDITION_OPERATORS as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
