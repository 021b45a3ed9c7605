import { MESSAGING_ACTION_CONDITION_FIELDS, ROUTING_CONDITION_FIELDS } from './condition-fields';
import {
  type ConditionDraft,
  conditionOf,
  conditionPaths,
  draftOf,
  EMPTY_CONDITION,
  newRow,
  operatorsFor,
  rowPath,
  toJson,
  toRows,
  valueInputFor,
  withField,
  withOperator,
} from './condition-rows';

const FIELDS = ROUTING_CONDITION_FIELDS;

describe('operators and value inputs per field type', () => {
  it.each([
    ['companyAddress', ['eq', 'ne', 'in', 'not_in', 'exists', 'starts_with']],
    ['topic', ['eq', 'ne', 'in', 'not_in', 'exists', 'starts_with']],
    ['requesterIsGuest', ['eq', 'ne', 'in', 'not_in', 'exists']],
    ['handoffReason', ['eq', 'ne', 'in', 'not_in', 'exists']],
    ['priority', ['eq', 'ne', 'in', 'not_in', 'exists', 'gt', 'gte', 'lt', 'lte']],
    ['nope', []],
  ])('%s allows %j', (field, operators) => {
    expect(operatorsFor(FIELDS, field)).toEqual(operators);
  });

  it.each([
    [
      { field: 'companyAddress', op: 'eq' },
      { kind: 'text', placeholder: '+15550100001' },
    ],
    [
      { field: 'topic', op: 'starts_with' },
      { kind: 'text', placeholder: '' },
    ],
    [
      { field: 'priority', op: 'gte' },
      { kind: 'number', min: 0, max: 10 },
    ],
    [
      { field: 'reopened', op: 'eq' },
      { kind: 'choice', options: ['true', 'false'] },
    ],
    [
      { field: 'channel', op: 'ne' },
      { kind: 'choice', options: ['sms'] },
    ],
    [
      { field: 'handoffReason', op: 'in' },
      { kind: 'list', placeholder: 'requested_person, topic_handoff' },
    ],
    [
      { field: 'priority', op: 'not_in' },
      { kind: 'list', placeholder: '1, 2, 3' },
    ],
    [
      { field: 'companyAddress', op: 'in' },
      { kind: 'list', placeholder: '+15550100001, +15550100002' },
    ],
    [
      { field: 'reopened', op: 'in' },
      { kind: 'list', placeholder: 'true, false' },
    ],
    [
      { field: 'topic', op: 'in' },
      { kind: 'list', placeholder: 'a, b' },
    ],
    [{ field: 'topic', op: 'exists' }, { kind: 'none' }],
    [{ field: 'nope', op: 'eq' }, { kind: 'none' }],
  ] as const)('%j is entered as %j', (row, input) => {
    expect(valueInputFor(FIELDS, row)).toEqual(input);
  });
});

describe('editing a row', () => {
  it('starts with the first field, tested for equality', () => {
    expect(newRow(FIELDS)).toEqual({ field: 'companyAddress', op: 'eq', value: '' });
    expect(newRow({})).toEqual({ field: '', op: 'eq', value: '' });
  });

  it('keeps the operator when the new field allows it, and fits the value to the field', () => {
    expect(withField(FIELDS, { field: 'topic', op: 'ne', value: 'x' }, 'reopened')).toEqual({
      field: 'reopened',
      op: 'ne',
      value: 'true',
    });
    expect(withField(FIELDS, { field: 'topic', op: 'starts_with', value: 'x' }, 'priority')).toEqual({
      field: 'priority',
      op: 'eq',
      value: '',
    });
    expect(
      withField(MESSAGING_ACTION_CONDITION_FIELDS, { field: 'topic', op: 'eq', value: 'x' }, 'state'),
    ).toEqual({ field: 'state', op: 'eq', value: 'new' });
  });

  it('keeps the value when the operator takes the same kind of value, else clears it', () => {
    const row = { field: 'priority', op: 'gte', value: '5' } as const;
    expect(withOperator(FIELDS, row, 'lt')).toEqual({ ...row, op: 'lt' });
    expect(withOperator(FIELDS, row, 'in')).toEqual({ ...row, op: 'in', value: '' });
    expect(withOperator(FIELDS, row, 'exists')).toEqual({ ...row, op: 'exists', value: '' });
    expect(withOperator(FIELDS, { field: 'reopened', op: 'exists', value: '' }, 'eq')).toEqual({
      field: 'reopened',
      op: 'eq',
      value: 'true',
    });
  });
});

describe('a condition as rows, and back', () => {
  it('reads null as no rows, and no rows as null', () => {
    expect(draftOf(null, FIELDS)).toEqual(EMPTY_CONDITION);
    expect(draftOf(undefined, FIELDS)).toEqual(EMPTY_CONDITION);
    expect(conditionOf(EMPTY_CONDITION, FIELDS)).toEqual({ ok: true, condition: null });
  });

  it.each([
    [
      'all of several tests',
      {
        all: [
          { field: 'companyAddress', op: 'eq', value: '+15550100001' },
          { field: 'priority', op: 'gte', value: 5 },
          { field: 'requesterIsGuest', op: 'eq', value: false },
          { field: 'handoffReason', op: 'in', value: ['requested_person', 'topic_handoff'] },
          { field: 'priority', op: 'not_in', value: [1, 2] },
          { field: 'topic', op: 'exists' },
        ],
      },
    ],
    ['any of tests', { any: [{ field: 'topic', op: 'starts_with', value: 'bill' }] }],
    ['an empty all', { all: [] }],
  ])('%s goes to rows and comes back the same', (_name, condition) => {
    const draft = draftOf(condition, FIELDS);
    expect(draft.mode).toBe('rows');
    expect(conditionOf(draft, FIELDS)).toEqual({
      ok: true,
      condition: (Object.values(condition)[0] ?? []).length === 0 ? null : condition,
    });
  });

  it('reads a lone test as all of one row', () => {
    expect(draftOf({ field: 'reopened', op: 'eq', value: true }, FIELDS)).toEqual({
      mode: 'rows',
      combinator: 'all',
      rows: [{ field: 'reopened', op: 'eq', value: 'true' }],
    });
  });

  it.each([
    ['a not', { not: { field: 'reopened', op: 'eq', value: true } }],
    ['a nested group', { all: [{ any: [{ field: 'reopened', op: 'eq', value: true }] }] }],
    ['an unknown field', { all: [{ field: 'colour', op: 'eq', value: 'red' }] }],
    ['an operator the field does not allow', { all: [{ field: 'topic', op: 'gt', value: 1 }] }],
    ['a comparison with null', { all: [{ field: 'topic', op: 'eq', value: null }] }],
    ['exists with a value', { all: [{ field: 'topic', op: 'exists', value: 1 }] }],
    ['a test with an extra key', { all: [{ field: 'topic', op: 'eq', value: 'a', x: 1 }] }],
    ['a list item holding a comma', { all: [{ field: 'topic', op: 'in', value: ['a,b'] }] }],
    ['a list that is not a list', { all: [{ field: 'topic', op: 'in', value: 'a' }] }],
    ['both all and any', { all: [], any: [] }],
    ['a string', 'all'],
    ['an array', []],
  ])('keeps %s as JSON, exactly', (_name, condition) => {
    expect(draftOf(condition, FIELDS)).toEqual({ mode: 'json', text: JSON.stringify(condition, null, 2) });
  });

  it('types values after their field, and sends what does not fit as typed so the API names it', () => {
    const draft: ConditionDraft = {
      mode: 'rows',
      combinator: 'any',
      rows: [
        { field: 'priority', op: 'eq', value: ' 7 ' },
        { field: 'priority', op: 'gt', value: 'high' },
        { field: 'reopened', op: 'ne', value: 'false' },
        { field: 'companyAddress', op: 'in', value: ' +15550100001 ,, +15550100002' },
        { field: 'requesterIsGuest', op: 'in', value: 'true, maybe' },
      ],
    };
    expect(conditionOf(draft, FIELDS)).toEqual({
      ok: true,
      condition: {
        any: [
          { field: 'priority', op: 'eq', value: 7 },
          { field: 'priority', op: 'gt', value: 'high' },
          { field: 'reopened', op: 'ne', value: false },
          { field: 'companyAddress', op: 'in', value: ['+15550100001', '+15550100002'] },
          { field: 'requesterIsGuest', op: 'in', value: [true, 'maybe'] },
        ],
      },
    });
  });

  it('sends JSON as written, nothing for empty JSON, and names JSON that does not parse', () => {
    expect(conditionOf({ mode: 'json', text: '{"not":{"field":"topic","op":"exists"}}' }, FIELDS)).toEqual({
      ok: true,
      condition: { not: { field: 'topic', op: 'exists' } },
    });
    expect(conditionOf({ mode: 'json', text: '  ' }, FIELDS)).toEqual({ ok: true, condition: null });
    expect(conditionOf({ mode: 'json', text: '{' }, FIELDS)).toEqual({
      ok: false,
      problem: { path: 'condition', message: 'this is not JSON' },
    });
  });
});

describe('switching between rows and JSON', () => {
  const rows: ConditionDraft = {
    mode: 'rows',
    combinator: 'all',
    rows: [{ field: 'priority', op: 'gte', value: '5' }],
  };

  it('writes the rows as JSON, and reads them back', () => {
    const json = toJson(rows, FIELDS);
    expect(json).toEqual({
      mode: 'json',
      text: JSON.stringify({ all: [{ field: 'priority', op: 'gte', value: 5 }] }, null, 2),
    });
    expect(toRows(json, FIELDS)).toEqual(rows);
    expect(toJson(json, FIELDS)).toBe(json);
    expect(toRows(rows, FIELDS)).toBe(rows);
    expect(toJson(EMPTY_CONDITION, FIELDS)).toEqual({ mode: 'json', text: '' });
  });

  it('stays JSON when the condition is more than rows, or does not parse', () => {
    expect(toRows({ mode: 'json', text: '{"not":{"field":"topic","op":"exists"}}' }, FIELDS)).toBeNull();
    expect(toRows({ mode: 'json', text: '[' }, FIELDS)).toBeNull();
  });
});

describe('where the API’s errors go', () => {
  const draft: ConditionDraft = {
    mode: 'rows',
    combinator: 'any',
    rows: [newRow(FIELDS), newRow(FIELDS)],
  };

  it('names each part of each row by the path the API reports', () => {
    expect(rowPath(draft, 1, 'value')).toBe('condition.any[1].value');
    expect(conditionPaths(draft)).toEqual([
      'condition',
      'condition.any[0].field',
      'condition.any[0].op',
      'condition.any[0].value',
      'condition.any[1].field',
      'condition.any[1].op',
      'condition.any[1].value',
    ]);
  });

  it('puts every error of a JSON condition beside it', () => {
    const json: ConditionDraft = { mode: 'json', text: '{}' };
    expect(rowPath(json, 0, 'value')).toBe('condition');
    expect(conditionPaths(json)).toEqual(['condition']);
  });
});
