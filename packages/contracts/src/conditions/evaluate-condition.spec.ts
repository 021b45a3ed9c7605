import type { Condition, ConditionValue, Facts } from './condition';
import { evaluateCondition } from './evaluate-condition';

const ABSENT = undefined;
const T: Condition = { field: 'flag', op: 'eq', value: true };
const F: Condition = { field: 'flag', op: 'eq', value: false };
const flagTrue: Facts = { flag: true };

/** Facts where `x` is `fact`; ABSENT leaves x out altogether. */
function withX(fact: ConditionValue | undefined): Facts {
  return fact === ABSENT ? {} : { x: fact };
}

/** Fact values of every kind, absent included, to hold each operator against. */
const FACTS: Array<ConditionValue | undefined> = [ABSENT, null, 'a', 'ab', '1', '', 0, 1, 5, -1, true, false];

describe('evaluateCondition: eq and ne', () => {
  it.each<[string, ConditionValue | undefined, ConditionValue, boolean]>([
    ['the same string', 'ab', 'ab', true],
    ['another string', 'ab', 'a', false],
    ['the same number', 5, 5, true],
    ['another number', 5, 1, false],
    ['the same boolean', false, false, true],
    ['another boolean', true, false, false],
    ['a string against the same number written as text', '1', 1, false],
    ['a number against the same number written as text', 1, '1', false],
    ['true against 1', true, 1, false],
    ['an absent fact against null', ABSENT, null, true],
    ['a null fact against null', null, null, true],
    ['a present fact against null', 'ab', null, false],
    ['false against null', false, null, false],
    ['0 against null', 0, null, false],
    ['the empty string against null', '', null, false],
    ['an absent fact against a value', ABSENT, 'ab', false],
    ['an absent fact against false', ABSENT, false, false],
    ['a null fact against a value', null, 0, false],
  ])('eq: %s → %s', (_rule, fact, value, expected) => {
    expect(evaluateCondition({ field: 'x', op: 'eq', value }, withX(fact))).toBe(expected);
  });

  it.each(FACTS.flatMap((fact) => FACTS.filter((v) => v !== ABSENT).map((value) => [fact, value] as const)))(
    'ne is the negation of eq (fact %j, value %j)',
    (fact, value) => {
      const facts = withX(fact);
      const eq = evaluateCondition({ field: 'x', op: 'eq', value }, facts);
      expect(evaluateCondition({ field: 'x', op: 'ne', value }, facts)).toBe(!eq);
    },
  );
});

describe('evaluateCondition: in and not_in', () => {
  it.each<[string, ConditionValue | undefined, ConditionValue[], boolean]>([
    ['a fact in the list', 'b', ['a', 'b'], true],
    ['a fact not in the list', 'c', ['a', 'b'], false],
    ['a number in the list', 5, [1, 5], true],
    ['a number written as text is not the number', '5', [1, 5], false],
    ['a boolean in the list', false, [false], true],
    ['an absent fact when the list holds null', ABSENT, ['a', null], true],
    ['an absent fact when the list holds no null', ABSENT, ['a'], false],
    ['a null fact when the list holds null', null, [null], true],
    ['a present fact when the list holds only null', 'a', [null], false],
  ])('in: %s → %s', (_rule, fact, value, expected) => {
    expect(evaluateCondition({ field: 'x', op: 'in', value }, withX(fact))).toBe(expected);
  });

  const lists: ConditionValue[][] = [['a'], ['a', 'ab'], [null], [0, 1], [true], ['1', 1], [null, 'a']];
  it.each(FACTS.flatMap((fact) => lists.map((value) => [fact, value] as const)))(
    'not_in is the negation of in (fact %j, list %j)',
    (fact, value) => {
      const facts = withX(fact);
      const isIn = evaluateCondition({ field: 'x', op: 'in', value }, facts);
      expect(evaluateCondition({ field: 'x', op: 'not_in', value }, facts)).toBe(!isIn);
    },
  );

  it.each(FACTS)('in is eq with some value of the list (fact %j)', (fact) => {
    const facts = withX(fact);
    const values: ConditionValue[] = ['a', 1, null, false];
    const someEq = values.some((value) => evaluateCondition({ field: 'x', op: 'eq', value }, facts));
    expect(evaluateCondition({ field: 'x', op: 'in', value: values }, facts)).toBe(someEq);
  });
});

describe('evaluateCondition: exists', () => {
  it.each<[string, ConditionValue | undefined, boolean]>([
    ['an absent fact does not exist', ABSENT, false],
    ['a null fact does not exist', null, false],
    ['a string exists', 'a', true],
    ['the empty string exists', '', true],
    ['0 exists', 0, true],
    ['false exists', false, true],
  ])('%s', (_rule, fact, expected) => {
    expect(evaluateCondition({ field: 'x', op: 'exists' }, withX(fact))).toBe(expected);
  });

  it('reads a fact set to undefined as absent', () => {
    expect(evaluateCondition({ field: 'x', op: 'exists' }, { x: undefined })).toBe(false);
    expect(evaluateCondition({ field: 'x', op: 'eq', value: null }, { x: undefined })).toBe(true);
  });
});

describe('evaluateCondition: starts_with', () => {
  it.each<[string, ConditionValue | undefined, string, boolean]>([
    ['a string with the prefix', '+15550100001', '+1555', true],
    ['a string equal to the prefix', '+1555', '+1555', true],
    ['a string without the prefix', '+445550100001', '+1555', false],
    ['a string shorter than the prefix', '+1', '+1555', false],
    ['a string with the prefix in another case', 'billing', 'Bill', false],
    ['the prefix further in', 'my billing', 'bill', false],
    ['an absent fact', ABSENT, 'a', false],
    ['a null fact', null, 'a', false],
    ['a number whose digits start the same', 15550100001, '1555', false],
    ['a boolean whose text starts the same', true, 't', false],
  ])('%s → %s', (_rule, fact, prefix, expected) => {
    expect(evaluateCondition({ field: 'x', op: 'starts_with', value: prefix }, withX(fact))).toBe(expected);
  });
});

describe('evaluateCondition: gt, gte, lt and lte', () => {
  const ops = ['gt', 'gte', 'lt', 'lte'] as const;
  it.each<[ConditionValue | undefined, [boolean, boolean, boolean, boolean]]>([
    [4, [false, false, true, true]],
    [5, [false, true, false, true]],
    [6, [true, true, false, false]],
    [5.5, [true, true, false, false]],
    [-Infinity, [false, false, true, true]],
  ])('compares the fact %j with 5 as gt, gte, lt, lte: %j', (fact, expected) => {
    expect(ops.map((op) => evaluateCondition({ field: 'x', op, value: 5 }, withX(fact)))).toEqual(expected);
  });

  it.each<[string, ConditionValue | undefined]>([
    ['an absent fact', ABSENT],
    ['a null fact', null],
    ['a number written as text', '6'],
    ['a boolean', true],
  ])('is false for every comparison on %s', (_rule, fact) => {
    for (const op of ops) {
      expect(evaluateCondition({ field: 'x', op, value: 5 }, withX(fact))).toBe(false);
      expect(evaluateCondition({ field: 'x', op, value: -5 }, withX(fact))).toBe(false);
    }
  });
});

describe('evaluateCondition: all, any and not', () => {
  it.each<[string, Condition, boolean]>([
    ['an empty all is true', { all: [] }, true],
    ['an empty any is false', { any: [] }, false],
    ['all of true is true', { all: [T] }, true],
    ['all of true and true is true', { all: [T, T] }, true],
    ['all of true and false is false', { all: [T, F] }, false],
    ['all of false and true is false', { all: [F, T] }, false],
    ['any of false is false', { any: [F] }, false],
    ['any of false and true is true', { any: [F, T] }, true],
    ['any of false and false is false', { any: [F, F] }, false],
    ['not true is false', { not: T }, false],
    ['not false is true', { not: F }, true],
    ['not not true is true', { not: { not: T } }, true],
    ['not of an empty all is false', { not: { all: [] } }, false],
    ['not of an empty any is true', { not: { any: [] } }, true],
    ['all nested in any', { any: [F, { all: [T, T] }] }, true],
    ['any nested in all', { all: [T, { any: [F, { not: F }] }] }, true],
    ['a false leaf deep in all', { all: [T, { all: [T, { all: [F] }] }] }, false],
  ])('%s', (_rule, condition, expected) => {
    expect(evaluateCondition(condition, flagTrue)).toBe(expected);
  });

  it('tests each field against its own fact', () => {
    const condition: Condition = {
      all: [
        { field: 'companyAddress', op: 'eq', value: '+15550100001' },
        { not: { field: 'requesterIsGuest', op: 'eq', value: true } },
        { field: 'priority', op: 'gte', value: 3 },
      ],
    };
    const facts = { companyAddress: '+15550100001', requesterIsGuest: false, priority: 3 };
    expect(evaluateCondition(condition, facts)).toBe(true);
    expect(evaluateCondition(condition, { ...facts, requesterIsGuest: true })).toBe(false);
    expect(evaluateCondition(condition, { ...facts, priority: 2 })).toBe(false);
    expect(evaluateCondition(condition, { ...facts, companyAddress: '+15550100002' })).toBe(false);
  });
});

describe('evaluateCondition: facts', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'reads %s, a name every object inherits, as absent unless it is a fact of its own',
    (field) => {
      expect(evaluateCondition({ field, op: 'exists' }, {})).toBe(false);
      expect(evaluateCondition({ field, op: 'eq', value: null }, {})).toBe(true);
      const own: Facts = JSON.parse(`{${JSON.stringify(field)}: "here"}`) as Facts;
      expect(evaluateCondition({ field, op: 'eq', value: 'here' }, own)).toBe(true);
    },
  );

  it('does not change the facts or the condition', () => {
    const condition: Condition = { any: [{ field: 'x', op: 'in', value: [1, 2] }] };
    const facts = { x: 2 };
    evaluateCondition(condition, Object.freeze(facts));
    expect(condition).toEqual({ any: [{ field: 'x', op: 'in', value: [1, 2] }] });
    expect(facts).toEqual({ x: 2 });
  });
});
