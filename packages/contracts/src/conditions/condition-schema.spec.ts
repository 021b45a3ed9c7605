import { z } from 'zod';
import type { Condition } from './condition';
import { conditionSchema } from './condition-schema';

describe('conditionSchema', () => {
  it.each<[string, Condition]>([
    ['an empty all', { all: [] }],
    ['an empty any', { any: [] }],
    ['a not', { not: { field: 'a', op: 'exists' } }],
    [
      'eq with each kind of value',
      { all: ['x', 1, true, null].map((value) => ({ field: 'a', op: 'eq', value })) },
    ],
    ['ne', { field: 'a', op: 'ne', value: 'x' }],
    ['in with null among the values', { field: 'a', op: 'in', value: ['x', null] }],
    ['not_in', { field: 'a', op: 'not_in', value: [1] }],
    ['exists', { field: 'a', op: 'exists' }],
    ['starts_with', { field: 'a', op: 'starts_with', value: '+1' }],
    [
      'gt, gte, lt and lte',
      { any: (['gt', 'gte', 'lt', 'lte'] as const).map((op) => ({ field: 'a', op, value: 1 })) },
    ],
    ['nesting', { any: [{ not: { all: [{ field: 'a', op: 'exists' }] } }] }],
  ])('accepts %s', (_rule, condition) => {
    expect(conditionSchema.parse(condition)).toEqual(condition);
  });

  it.each<[string, unknown]>([
    [
      'an unknown field and an operator it may not allow, which only the catalog knows',
      { field: 'nope', op: 'gt', value: 1 },
    ],
    [
      'a value out of a field range, which only the catalog knows',
      { field: 'priority', op: 'eq', value: 99 },
    ],
    [
      'nesting past the limit, which only validateCondition counts',
      { not: { not: { not: { not: { not: { not: { not: { not: { not: { all: [] } } } } } } } } } },
    ],
  ])('leaves to validateCondition %s', (_rule, input) => {
    expect(conditionSchema.safeParse(input).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a number', 5],
    ['null', null],
    ['a list', []],
    ['an empty object', {}],
    ['all and any together', { all: [], any: [] }],
    ['an unknown key', { all: [], extra: 1 }],
    ['an unknown key on a field test', { field: 'a', op: 'exists', note: 'x' }],
    ['all that is not a list', { all: {} }],
    ['a field that is not a string', { field: 1, op: 'exists' }],
    ['a missing op', { field: 'a', value: 1 }],
    ['an unknown op', { field: 'a', op: 'like', value: 'x' }],
    ['eq without a value', { field: 'a', op: 'eq' }],
    ['eq with an object', { field: 'a', op: 'eq', value: {} }],
    ['exists with a value', { field: 'a', op: 'exists', value: true }],
    ['in with an empty list', { field: 'a', op: 'in', value: [] }],
    ['in with 101 values', { field: 'a', op: 'in', value: Array.from({ length: 101 }, () => 1) }],
    ['in with a single value', { field: 'a', op: 'in', value: 1 }],
    ['starts_with with a number', { field: 'a', op: 'starts_with', value: 1 }],
    ['starts_with with an empty prefix', { field: 'a', op: 'starts_with', value: '' }],
    ['gt with a string', { field: 'a', op: 'gt', value: '1' }],
    ['gt with null', { field: 'a', op: 'gt', value: null }],
    ['a bad child deep in the tree', { any: [{ not: { all: [5] } }] }],
  ])('refuses %s', (_rule, input) => {
    expect(conditionSchema.safeParse(input).success).toBe(false);
  });

  it('converts to JSON Schema for OpenAPI, recursion included', () => {
    const jsonSchema = JSON.stringify(z.toJSONSchema(conditionSchema, { target: 'draft-7', io: 'input' }));
    for (const op of ['eq', 'in', 'exists', 'starts_with', 'gt']) expect(jsonSchema).toContain(`"${op}"`);
    expect(jsonSchema).toContain('"$ref"');
  });
});
