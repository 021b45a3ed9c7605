import type { Condition, ConditionValue, Facts, FieldCondition } from './condition';

/**
 * Whether `facts` satisfy `condition` (one checked by validateCondition). An absent fact is
 * null, so `eq null` matches it; order and prefix tests on a fact of another type, or an absent
 * one, are false rather than errors, since facts come from data the condition cannot vouch for.
 * Phone facts are expected in E.164, the form conditions store them in.
 */
export function evaluateCondition(condition: Condition, facts: Facts): boolean {
  if ('all' in condition) return condition.all.every((child) => evaluateCondition(child, facts));
  if ('any' in condition) return condition.any.some((child) => evaluateCondition(child, facts));
  if ('not' in condition) return !evaluateCondition(condition.not, facts);
  return testField(condition, factOf(facts, condition.field));
}

function factOf(facts: Facts, field: string): ConditionValue {
  // Own keys only, so a field named like an Object method reads as absent, not as a function.
  return Object.hasOwn(facts, field) ? (facts[field] ?? null) : null;
}

function testField(condition: FieldCondition, fact: ConditionValue): boolean {
  switch (condition.op) {
    case 'eq':
      return fact === condition.value;
    case 'ne':
      return fact !== condition.value;
    case 'in':
      return condition.value.includes(fact);
    case 'not_in':
      return !condition.value.includes(fact);
    case 'exists':
      return fact !== null;
    case 'starts_with':
      return typeof fact === 'string' && fact.startsWith(condition.value);
    case 'gt':
      return typeof fact === 'number' && fact > condition.value;
    case 'gte':
      return typeof fact === 'number' && fact >= condition.value;
    case 'lt':
      return typeof fact === 'number' && fact < condition.value;
    case 'lte':
      return typeof fact === 'number' && fact <= condition.value;
  }
}
