import { type Condition, CONDITION_OPERATORS, type ConditionOperator } from './condition';
import { CONDITION_ERROR_CODES, type ConditionError } from './condition-errors';
import type { FieldCatalog, FieldTypeName } from './field-catalog';
import { validateCondition } from './validate-condition';

const catalog: FieldCatalog = {
  name: { type: 'string', maxLength: 10, description: 'a short string' },
  address: { type: 'phone', description: 'a phone number' },
  flag: { type: 'boolean', description: 'a boolean' },
  count: { type: 'number', integer: true, min: 0, max: 10, description: 'a whole number from 0 to 10' },
  colour: { type: 'enum', values: ['red', 'green'], description: 'an enum' },
};

const FIELD_OF: Record<FieldTypeName, string> = {
  string: 'name',
  phone: 'address',
  boolean: 'flag',
  number: 'count',
  enum: 'colour',
};

/** A value of each field type, valid for the field above. */
const SAMPLE: Record<FieldTypeName, string | number | boolean> = {
  string: 'ab',
  phone: '+15550100001',
  boolean: true,
  number: 5,
  enum: 'red',
};

/** A field test of `op` on the field of `type`, with a value that suits both where one exists. */
function fieldTest(type: FieldTypeName, op: ConditionOperator): Record<string, unknown> {
  const field = FIELD_OF[type];
  switch (op) {
    case 'eq':
    case 'ne':
      return { field, op, value: SAMPLE[type] };
    case 'in':
    case 'not_in':
      return { field, op, value: [SAMPLE[type]] };
    case 'exists':
      return { field, op };
    case 'starts_with':
      return { field, op, value: type === 'phone' ? '+1555' : 'a' };
    default:
      return { field, op, value: 5 };
  }
}

function accepted(input: unknown): Condition {
  const result = validateCondition(catalog, input);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.condition;
}

function errorsOf(input: unknown, path?: string): ConditionError[] {
  const result = validateCondition(catalog, input, path);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.condition)}`);
  return result.errors;
}

/** The errors as [path, code] pairs, in the order found. */
function whereAndWhat(input: unknown): Array<[string, string]> {
  return errorsOf(input).map((error) => [error.path, error.code]);
}

function nestedNots(levels: number, leaf: unknown): unknown {
  let condition = leaf;
  for (let level = 0; level < levels; level += 1) condition = { not: condition };
  return condition;
}

describe('CONDITION_ERROR_CODES', () => {
  it('lists the five codes', () => {
    expect(CONDITION_ERROR_CODES).toEqual([
      'CONDITION_SHAPE_INVALID',
      'CONDITION_FIELD_UNKNOWN',
      'CONDITION_OPERATOR_INVALID',
      'CONDITION_VALUE_INVALID',
      'CONDITION_TOO_COMPLEX',
    ]);
  });
});

describe('validateCondition: operators by field type', () => {
  const allowed: Record<FieldTypeName, readonly ConditionOperator[]> = {
    string: ['eq', 'ne', 'in', 'not_in', 'exists', 'starts_with'],
    phone: ['eq', 'ne', 'in', 'not_in', 'exists', 'starts_with'],
    boolean: ['eq', 'ne', 'in', 'not_in', 'exists'],
    number: ['eq', 'ne', 'in', 'not_in', 'exists', 'gt', 'gte', 'lt', 'lte'],
    enum: ['eq', 'ne', 'in', 'not_in', 'exists'],
  };
  const types = Object.keys(allowed) as FieldTypeName[];
  const cases = types.flatMap((type) =>
    CONDITION_OPERATORS.map((op) => [type, op, allowed[type].includes(op)] as const),
  );

  it.each(cases.filter(([, , ok]) => ok))('a %s field allows %s', (type, op) => {
    expect(accepted(fieldTest(type, op))).toEqual(fieldTest(type, op));
  });

  it.each(cases.filter(([, , ok]) => !ok))(
    'a %s field refuses %s, naming the operators it allows',
    (type, op) => {
      const field = FIELD_OF[type];
      expect(errorsOf(fieldTest(type, op))).toEqual([
        {
          path: 'condition.op',
          code: 'CONDITION_OPERATOR_INVALID',
          message: `${op} does not apply to ${field} (a ${type} field); ${field} allows ${allowed[type].join(', ')}`,
        },
      ]);
    },
  );
});

describe('validateCondition: accepted conditions', () => {
  it.each<[string, Condition]>([
    ['an empty all', { all: [] }],
    ['an empty any', { any: [] }],
    ['a not', { not: { field: 'flag', op: 'eq', value: false } }],
    [
      'all, any and not nested',
      {
        all: [
          {
            any: [
              { field: 'colour', op: 'eq', value: 'red' },
              { not: { field: 'count', op: 'gte', value: 3 } },
            ],
          },
          { field: 'name', op: 'starts_with', value: 'Bi' },
        ],
      },
    ],
    ['a string of exactly maxLength', { field: 'name', op: 'eq', value: 'abcdefghij' }],
    ['an empty string', { field: 'name', op: 'eq', value: '' }],
    ['a number at its min', { field: 'count', op: 'gte', value: 0 }],
    ['a number at its max', { field: 'count', op: 'lte', value: 10 }],
    ['an in list of 100 values', { field: 'count', op: 'in', value: Array.from({ length: 100 }, () => 1) }],
    ['an in list with repeats', { field: 'colour', op: 'in', value: ['red', 'red'] }],
  ])('%s', (_rule, condition) => {
    expect(accepted(condition)).toEqual(condition);
  });

  it.each(Object.values(FIELD_OF))('eq and ne take null (absent) on %s', (field) => {
    expect(accepted({ field, op: 'eq', value: null })).toEqual({ field, op: 'eq', value: null });
    expect(accepted({ field, op: 'ne', value: null })).toEqual({ field, op: 'ne', value: null });
  });

  it.each(Object.values(FIELD_OF))('in and not_in take null (absent) among their values on %s', (field) => {
    expect(accepted({ field, op: 'in', value: [null] })).toEqual({ field, op: 'in', value: [null] });
    expect(accepted({ field, op: 'not_in', value: [null] })).toEqual({ field, op: 'not_in', value: [null] });
  });

  it('takes a condition of depth 8 (a field test under seven nots)', () => {
    const condition = nestedNots(7, { field: 'flag', op: 'exists' });
    expect(accepted(condition)).toEqual(condition);
  });

  it('takes a condition of 200 parts', () => {
    const condition = { all: Array.from({ length: 199 }, () => ({ field: 'flag', op: 'exists' })) };
    expect(accepted(condition)).toEqual(condition);
  });

  it('takes an object without a prototype, as some JSON parsers make', () => {
    const input = Object.assign(Object.create(null) as object, { field: 'flag', op: 'exists' });
    expect(accepted(input)).toEqual({ field: 'flag', op: 'exists' });
  });
});

describe('validateCondition: normalisation', () => {
  it.each<[string, unknown, Condition]>([
    [
      'stores an eq phone value in E.164',
      { field: 'address', op: 'eq', value: '+1 (555) 010-0001' },
      { field: 'address', op: 'eq', value: '+15550100001' },
    ],
    [
      'stores an ne phone value in E.164',
      { field: 'address', op: 'ne', value: ' +1 555 010 0001 ' },
      { field: 'address', op: 'ne', value: '+15550100001' },
    ],
    [
      'stores every phone value of an in list in E.164, keeping null',
      { field: 'address', op: 'in', value: ['+1-555-010-0001', null, '+44 7911 123456'] },
      { field: 'address', op: 'in', value: ['+15550100001', null, '+447911123456'] },
    ],
    [
      'stores every phone value of a not_in list in E.164',
      { field: 'address', op: 'not_in', value: ['+1 555 010 0002'] },
      { field: 'address', op: 'not_in', value: ['+15550100002'] },
    ],
    [
      'stores a phone prefix without separators',
      { field: 'address', op: 'starts_with', value: '+1 (555)' },
      { field: 'address', op: 'starts_with', value: '+1555' },
    ],
    [
      'normalises phone values deep in the tree',
      { any: [{ not: { all: [{ field: 'address', op: 'eq', value: '+1 555 010 0001' }] } }] },
      { any: [{ not: { all: [{ field: 'address', op: 'eq', value: '+15550100001' }] } }] },
    ],
    [
      'leaves a string value as written (no trimming or case change)',
      { field: 'name', op: 'eq', value: ' Ab ' },
      { field: 'name', op: 'eq', value: ' Ab ' },
    ],
  ])('%s', (_rule, input, normalised) => {
    expect(accepted(input)).toEqual(normalised);
  });

  it('returns plain JSON that shares nothing with the input', () => {
    const input = { all: [{ field: 'colour', op: 'in', value: ['red'] }] };
    const condition = accepted(input);
    expect(JSON.parse(JSON.stringify(condition))).toEqual(condition);
    expect(Object.getPrototypeOf(condition)).toBe(Object.prototype);
    input.all[0]!.value.push('green');
    expect(condition).toEqual({ all: [{ field: 'colour', op: 'in', value: ['red'] }] });
  });
});

describe('validateCondition: CONDITION_SHAPE_INVALID', () => {
  it.each<[string, unknown, string, string]>([
    [
      'a number is no condition',
      5,
      'condition',
      'a condition is an object with all, any, not or field; got 5',
    ],
    ['a string is no condition', 'flag', 'condition', 'got "flag"'],
    ['null is no condition', null, 'condition', 'got null'],
    ['a list is no condition', [], 'condition', 'got a list'],
    ['undefined is no condition', undefined, 'condition', 'got nothing'],
    ['an empty object is no condition', {}, 'condition', 'a condition has one of all, any, not or field'],
    ['op and value without field', { op: 'eq', value: 1 }, 'condition', 'one of all, any, not or field'],
    ['all and any together', { all: [], any: [] }, 'condition', 'not all and any'],
    [
      'not and field together',
      { not: { all: [] }, field: 'flag', op: 'exists' },
      'condition',
      'not not and field',
    ],
    [
      'an unknown key beside all',
      { all: [], extra: 1 },
      'condition',
      'unknown key "extra"; an all condition has only all',
    ],
    [
      'unknown keys beside not',
      { not: { all: [] }, a: 1, b: 2 },
      'condition',
      'unknown keys "a", "b"; a not condition',
    ],
    [
      'an unknown key on a field test',
      { field: 'flag', op: 'eq', value: true, note: 'x' },
      'condition',
      'unknown key "note"; a field condition has only field, op, value',
    ],
    [
      'all that is not a list',
      { all: { field: 'flag', op: 'exists' } },
      'condition.all',
      'all is a list of conditions; got an object',
    ],
    ['any that is not a list', { any: 'x' }, 'condition.any', 'any is a list of conditions; got "x"'],
    ['not of null', { not: null }, 'condition.not', 'got null'],
    ['not of a list', { not: [{ field: 'flag', op: 'exists' }] }, 'condition.not', 'got a list'],
    [
      'a field that is not a string',
      { field: 1, op: 'exists' },
      'condition.field',
      'field is a field name; got 1',
    ],
    ['a field test without op', { field: 'flag', value: true }, 'condition.op', 'a field test needs an op'],
    ['eq without a value', { field: 'flag', op: 'eq' }, 'condition.value', 'eq needs a value'],
    ['in without a value', { field: 'flag', op: 'in' }, 'condition.value', 'in needs a value'],
    [
      'starts_with without a value',
      { field: 'name', op: 'starts_with' },
      'condition.value',
      'starts_with needs a value',
    ],
    ['gt without a value', { field: 'count', op: 'gt' }, 'condition.value', 'gt needs a value'],
    ['a child of all', { all: [{ field: 'flag', op: 'exists' }, 7] }, 'condition.all[1]', 'got 7'],
    ['a child of any', { any: [[]] }, 'condition.any[0]', 'got a list'],
    [
      'a field deep in the tree',
      { any: [{ not: { field: 2, op: 'exists' } }] },
      'condition.any[0].not.field',
      'got 2',
    ],
  ])('%s', (_rule, input, path, message) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, code: 'CONDITION_SHAPE_INVALID' });
    expect(errors[0]!.message).toContain(message);
  });
});

describe('validateCondition: CONDITION_FIELD_UNKNOWN', () => {
  it('names the known fields', () => {
    expect(errorsOf({ field: 'nope', op: 'exists' })).toEqual([
      {
        path: 'condition.field',
        code: 'CONDITION_FIELD_UNKNOWN',
        message: 'unknown field "nope"; the fields are name, address, flag, count, colour',
      },
    ]);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'does not take %s, a name every object inherits, for a field',
    (field) => {
      expect(whereAndWhat({ field, op: 'exists' })).toEqual([['condition.field', 'CONDITION_FIELD_UNKNOWN']]);
    },
  );

  it('is case-sensitive', () => {
    expect(whereAndWhat({ field: 'Flag', op: 'exists' })).toEqual([
      ['condition.field', 'CONDITION_FIELD_UNKNOWN'],
    ]);
  });

  it('says so when the catalog has no fields', () => {
    expect(validateCondition({}, { field: 'flag', op: 'exists' })).toEqual({
      ok: false,
      errors: [
        {
          path: 'condition.field',
          code: 'CONDITION_FIELD_UNKNOWN',
          message: 'unknown field "flag"; there are no fields to test',
        },
      ],
    });
  });

  it('still checks the operator and what it needs of the value', () => {
    expect(whereAndWhat({ field: 'nope', op: 'in', value: [] })).toEqual([
      ['condition.field', 'CONDITION_FIELD_UNKNOWN'],
      ['condition.value', 'CONDITION_VALUE_INVALID'],
    ]);
    expect(whereAndWhat({ field: 'nope', op: 'exists', value: 1 })).toEqual([
      ['condition.field', 'CONDITION_FIELD_UNKNOWN'],
      ['condition.value', 'CONDITION_VALUE_INVALID'],
    ]);
  });
});

describe('validateCondition: CONDITION_OPERATOR_INVALID', () => {
  it('refuses an unknown operator, naming those the field allows', () => {
    expect(errorsOf({ field: 'flag', op: 'equals', value: true })).toEqual([
      {
        path: 'condition.op',
        code: 'CONDITION_OPERATOR_INVALID',
        message: 'unknown operator "equals"; flag allows eq, ne, in, not_in, exists',
      },
    ]);
  });

  it('names every operator when the field is unknown too', () => {
    expect(errorsOf({ field: 'nope', op: 'like', value: 'x' })[1]).toEqual({
      path: 'condition.op',
      code: 'CONDITION_OPERATOR_INVALID',
      message:
        'unknown operator "like"; the operators are eq, ne, in, not_in, exists, starts_with, gt, gte, lt, lte',
    });
  });

  it.each<[string, unknown]>([
    ['an operator in capitals', 'EQ'],
    ['a symbol for an operator', '='],
    ['a number for an operator', 1],
    ['null for an operator', null],
    ['a list for an operator', ['eq']],
    ['an inherited name for an operator', 'toString'],
  ])('refuses %s', (_rule, op) => {
    expect(whereAndWhat({ field: 'count', op, value: 1 })).toEqual([
      ['condition.op', 'CONDITION_OPERATOR_INVALID'],
    ]);
  });

  it('does not check the value of an unknown operator, since nothing says what it should be', () => {
    expect(whereAndWhat({ field: 'count', op: 'between', value: { from: 1 } })).toEqual([
      ['condition.op', 'CONDITION_OPERATOR_INVALID'],
    ]);
  });

  it('still checks what a refused operator needs of the value', () => {
    expect(whereAndWhat({ field: 'flag', op: 'gt', value: 'x' })).toEqual([
      ['condition.op', 'CONDITION_OPERATOR_INVALID'],
      ['condition.value', 'CONDITION_VALUE_INVALID'],
    ]);
  });
});

describe('validateCondition: CONDITION_VALUE_INVALID', () => {
  it.each<[string, unknown, string, string]>([
    [
      'eq with an object',
      { field: 'flag', op: 'eq', value: {} },
      'condition.value',
      'eq compares with a string, number, true, false or null; got an object',
    ],
    [
      'ne with a list',
      { field: 'count', op: 'ne', value: [1] },
      'condition.value',
      'ne compares with a string, number, true, false or null; got a list',
    ],
    [
      'a number for a string field',
      { field: 'name', op: 'eq', value: 1 },
      'condition.value',
      'name is a string field; 1 is not a string',
    ],
    [
      'a string over maxLength',
      { field: 'name', op: 'eq', value: 'abcdefghijk' },
      'condition.value',
      'name is at most 10 characters; got 11',
    ],
    [
      'a string for a boolean field',
      { field: 'flag', op: 'ne', value: 'true' },
      'condition.value',
      'flag is a boolean field; "true" is not true or false',
    ],
    [
      'a string for a number field',
      { field: 'count', op: 'eq', value: '3' },
      'condition.value',
      'count is a number field; "3" is not a number',
    ],
    [
      'a fraction for an integer field',
      { field: 'count', op: 'eq', value: 2.5 },
      'condition.value',
      'count is a whole number; got 2.5',
    ],
    [
      'a number under min',
      { field: 'count', op: 'eq', value: -1 },
      'condition.value',
      'count is at least 0; got -1',
    ],
    [
      'a number over max',
      { field: 'count', op: 'eq', value: 11 },
      'condition.value',
      'count is at most 10; got 11',
    ],
    [
      'a value not in the enum',
      { field: 'colour', op: 'eq', value: 'blue' },
      'condition.value',
      'colour is one of "red", "green"; "blue" is not',
    ],
    [
      'a phone number without a country code',
      { field: 'address', op: 'eq', value: '555 010 0001' },
      'condition.value',
      'address is a phone number with its country code',
    ],
    [
      'a phone number that is not one',
      { field: 'address', op: 'eq', value: '+1 555' },
      'condition.value',
      'got "+1 555"',
    ],
    [
      'a number for a phone field',
      { field: 'address', op: 'eq', value: 15550100001 },
      'condition.value',
      'address is a phone field',
    ],
    [
      'in with an empty list',
      { field: 'colour', op: 'in', value: [] },
      'condition.value',
      'in takes at least one value',
    ],
    [
      'not_in with an empty list',
      { field: 'colour', op: 'not_in', value: [] },
      'condition.value',
      'not_in takes at least one value',
    ],
    [
      'in with 101 values',
      { field: 'count', op: 'in', value: Array.from({ length: 101 }, () => 1) },
      'condition.value',
      'in takes at most 100 values; got 101',
    ],
    [
      'in with a single value, not a list',
      { field: 'colour', op: 'in', value: 'red' },
      'condition.value',
      'in takes a list of values; got "red"',
    ],
    [
      'an in entry of the wrong type',
      { field: 'colour', op: 'in', value: ['red', 'blue'] },
      'condition.value[1]',
      '"blue" is not',
    ],
    [
      'a not_in entry that is a list',
      { field: 'colour', op: 'not_in', value: [['red']] },
      'condition.value[0]',
      'got a list',
    ],
    [
      'an in phone entry without a country code',
      { field: 'address', op: 'in', value: ['+15550100001', '5550100002'] },
      'condition.value[1]',
      'country code',
    ],
    [
      'a value given to exists',
      { field: 'flag', op: 'exists', value: true },
      'condition.value',
      'exists takes no value',
    ],
    [
      'null given to exists',
      { field: 'flag', op: 'exists', value: null },
      'condition.value',
      'exists takes no value',
    ],
    [
      'starts_with with a number',
      { field: 'name', op: 'starts_with', value: 1 },
      'condition.value',
      'starts_with takes a string prefix; got 1',
    ],
    [
      'starts_with with null',
      { field: 'name', op: 'starts_with', value: null },
      'condition.value',
      'got null',
    ],
    [
      'starts_with with an empty prefix',
      { field: 'name', op: 'starts_with', value: '' },
      'condition.value',
      'must not be empty',
    ],
    [
      'starts_with with a prefix over maxLength',
      { field: 'name', op: 'starts_with', value: 'abcdefghijk' },
      'condition.value',
      'at most 10 characters',
    ],
    [
      'starts_with with a phone prefix without +',
      { field: 'address', op: 'starts_with', value: '1555' },
      'condition.value',
      'start of an E.164 number',
    ],
    [
      'gt with a numeric string',
      { field: 'count', op: 'gt', value: '5' },
      'condition.value',
      'gt compares with a number; got "5"',
    ],
    [
      'gte with null',
      { field: 'count', op: 'gte', value: null },
      'condition.value',
      'gte compares with a number; got null',
    ],
    [
      'lt over max',
      { field: 'count', op: 'lt', value: 11 },
      'condition.value',
      'count is at most 10; got 11',
    ],
    [
      'lte under min',
      { field: 'count', op: 'lte', value: -1 },
      'condition.value',
      'count is at least 0; got -1',
    ],
    [
      'gt with a fraction on an integer field',
      { field: 'count', op: 'gt', value: 2.5 },
      'condition.value',
      'count is a whole number',
    ],
    [
      'a value deep in the tree',
      {
        all: [
          {
            any: [
              { field: 'flag', op: 'exists' },
              { field: 'count', op: 'gt', value: 99 },
            ],
          },
        ],
      },
      'condition.all[0].any[1].value',
      'at most 10',
    ],
  ])('refuses %s', (_rule, input, path, message) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, code: 'CONDITION_VALUE_INVALID' });
    expect(errors[0]!.message).toContain(message);
  });

  it('reports every bad entry of a list', () => {
    expect(whereAndWhat({ field: 'count', op: 'in', value: [1, 'x', 2, 20, null, true] })).toEqual([
      ['condition.value[1]', 'CONDITION_VALUE_INVALID'],
      ['condition.value[3]', 'CONDITION_VALUE_INVALID'],
      ['condition.value[5]', 'CONDITION_VALUE_INVALID'],
    ]);
  });

  it('does not read the entries of a list over the limit', () => {
    expect(whereAndWhat({ field: 'count', op: 'in', value: Array.from({ length: 101 }, () => 'x') })).toEqual(
      [['condition.value', 'CONDITION_VALUE_INVALID']],
    );
  });
});

describe('validateCondition: CONDITION_TOO_COMPLEX', () => {
  it('refuses depth 9 at the first part too deep', () => {
    expect(errorsOf(nestedNots(8, { field: 'flag', op: 'exists' }))).toEqual([
      {
        path: `condition${'.not'.repeat(8)}`,
        code: 'CONDITION_TOO_COMPLEX',
        message: 'conditions nest at most 8 levels deep',
      },
    ]);
  });

  it('counts all and any levels like not', () => {
    let condition: unknown = { field: 'flag', op: 'exists' };
    for (let level = 0; level < 8; level += 1)
      condition = level % 2 ? { all: [condition] } : { any: [condition] };
    expect(whereAndWhat(condition)).toEqual([
      [`condition${'.all[0].any[0]'.repeat(4)}`, 'CONDITION_TOO_COMPLEX'],
    ]);
  });

  it('reports depth once however many branches are too deep', () => {
    const deep = nestedNots(8, { field: 'flag', op: 'exists' });
    expect(whereAndWhat({ all: [deep, deep] })).toEqual([
      [`condition.all[0]${'.not'.repeat(7)}`, 'CONDITION_TOO_COMPLEX'],
    ]);
  });

  it('survives a hostile depth without exhausting the stack', () => {
    expect(whereAndWhat(nestedNots(100_000, { field: 'flag', op: 'exists' }))).toEqual([
      [`condition${'.not'.repeat(8)}`, 'CONDITION_TOO_COMPLEX'],
    ]);
  });

  it('refuses 201 parts, at the condition as a whole', () => {
    const condition = { all: Array.from({ length: 200 }, () => ({ field: 'flag', op: 'exists' })) };
    expect(errorsOf(condition)).toEqual([
      {
        path: 'condition',
        code: 'CONDITION_TOO_COMPLEX',
        message: 'a condition has at most 200 parts (all, any, not and field tests)',
      },
    ]);
  });

  it('counts not, all and any as parts', () => {
    const pair = { not: { all: [{ field: 'flag', op: 'exists' }] } };
    expect(accepted({ any: Array.from({ length: 66 }, () => pair) })).toBeDefined(); // 1 + 66 * 3 = 199
    expect(whereAndWhat({ any: Array.from({ length: 67 }, () => pair) })).toEqual([
      ['condition', 'CONDITION_TOO_COMPLEX'],
    ]);
  });

  it('stops reading past the limit but keeps the errors found before it', () => {
    const parts = [
      { field: 'nope', op: 'exists' },
      ...Array.from({ length: 300 }, () => ({ field: 'flag', op: 'exists' })),
      { field: 'also-unknown', op: 'exists' },
    ];
    expect(whereAndWhat({ all: parts })).toEqual([
      ['condition.all[0].field', 'CONDITION_FIELD_UNKNOWN'],
      ['condition', 'CONDITION_TOO_COMPLEX'],
    ]);
  });

  it('answers at once for a list of a million parts', () => {
    const started = Date.now();
    const condition = { any: new Array<unknown>(1_000_000).fill({ field: 'flag', op: 'exists' }) };
    expect(whereAndWhat(condition)).toEqual([['condition', 'CONDITION_TOO_COMPLEX']]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('validateCondition: every error at once', () => {
  it('reports each error of a tree, in order, with its path', () => {
    const input = {
      all: [
        { field: 'nope', op: 'eq', value: 1 },
        { field: 'count', op: 'gt', value: 11 },
        {
          any: [
            { field: 'flag', op: 'gt', value: 'x' },
            { field: 'colour', op: 'in', value: ['red', 'blue'] },
          ],
        },
        5,
        { not: { field: 'address', op: 'eq', value: '555' } },
        { field: 'flag', op: 'eq', value: true },
      ],
    };
    expect(whereAndWhat(input)).toEqual([
      ['condition.all[0].field', 'CONDITION_FIELD_UNKNOWN'],
      ['condition.all[1].value', 'CONDITION_VALUE_INVALID'],
      ['condition.all[2].any[0].op', 'CONDITION_OPERATOR_INVALID'],
      ['condition.all[2].any[0].value', 'CONDITION_VALUE_INVALID'],
      ['condition.all[2].any[1].value[1]', 'CONDITION_VALUE_INVALID'],
      ['condition.all[3]', 'CONDITION_SHAPE_INVALID'],
      ['condition.all[4].not.value', 'CONDITION_VALUE_INVALID'],
    ]);
  });

  it('reports several errors of one field test', () => {
    expect(whereAndWhat({ field: 'nope', op: 'bogus', value: {} })).toEqual([
      ['condition.field', 'CONDITION_FIELD_UNKNOWN'],
      ['condition.op', 'CONDITION_OPERATOR_INVALID'],
    ]);
    expect(whereAndWhat({ field: 'flag', op: 'exists', value: 1, extra: 2 })).toEqual([
      ['condition', 'CONDITION_SHAPE_INVALID'],
      ['condition.value', 'CONDITION_VALUE_INVALID'],
    ]);
  });

  it('still reads the children of a node with unknown keys', () => {
    expect(whereAndWhat({ any: [{ field: 'nope', op: 'exists' }], extra: true })).toEqual([
      ['condition', 'CONDITION_SHAPE_INVALID'],
      ['condition.any[0].field', 'CONDITION_FIELD_UNKNOWN'],
    ]);
  });

  it('does not read the children of a node that is both all and any, since it is neither', () => {
    expect(whereAndWhat({ all: [5], any: [6] })).toEqual([['condition', 'CONDITION_SHAPE_INVALID']]);
  });

  it('puts errors under the path it is given', () => {
    expect(
      errorsOf({ all: [{ field: 'flag', op: 'gt', value: 1 }] }, 'body.queues[2].condition').map(
        (error) => error.path,
      ),
    ).toEqual(['body.queues[2].condition.all[0].op']);
  });
});
