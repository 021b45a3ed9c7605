import type { Condition, ConditionValue, FieldCondition } from './condition';
import { show } from './show-value';

const SYMBOL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * A one-line reading of `condition` for people, e.g.
 * `companyAddress = "+15550100001" and not (requesterIsGuest = true)`. Strings are quoted so a
 * value never reads as a field; a nested all or any is bracketed so the grouping stays visible.
 */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return join(condition.all, 'and', 'always');
  if ('any' in condition) return join(condition.any, 'or', 'never');
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  return describeFieldTest(condition);
}

function join(children: readonly Condition[], word: string, whenEmpty: string): string {
  if (children.length === 0) return whenEmpty;
  return children.map(describeGroup).join(` ${word} `);
}

function describeGroup(condition: Condition): string {
  const description = describeCondition(condition);
  const isGroup =
    ('all' in condition && condition.all.length > 1) || ('any' in condition && condition.any.length > 1);
  return isGroup ? `(${description})` : description;
}

function describeFieldTest(condition: FieldCondition): string {
  const { field } = condition;
  switch (condition.op) {
    case 'eq':
      return condition.value === null ? `${field} is absent` : `${field} = ${show(condition.value)}`;
    case 'ne':
      return condition.value === null ? `${field} is present` : `${field} != ${show(condition.value)}`;
    case 'in':
      return `${field} in ${describeList(condition.value)}`;
    case 'not_in':
      return `${field} not in ${describeList(condition.value)}`;
    case 'exists':
      return `${field} exists`;
    case 'starts_with':
      return `${field} starts with ${show(condition.value)}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${field} ${SYMBOL[condition.op]} ${condition.value}`;
  }
}

function describeList(values: readonly ConditionValue[]): string {
  return `(${values.map(show).join(', ')})`;
}
