import { CONDITION_OPERATORS } from './condition';
import { type FieldTypeName, OPERATORS_BY_FIELD_TYPE } from './field-catalog';

const types = Object.keys(OPERATORS_BY_FIELD_TYPE) as FieldTypeName[];

describe('OPERATORS_BY_FIELD_TYPE', () => {
  it('covers the five field types', () => {
    expect([...types].sort()).toEqual(['boolean', 'enum', 'number', 'phone', 'string']);
  });

  it.each(types)('lets a %s field be compared for equality, membership and presence', (type) => {
    expect(OPERATORS_BY_FIELD_TYPE[type]).toEqual(
      expect.arrayContaining(['eq', 'ne', 'in', 'not_in', 'exists']),
    );
  });

  it.each(types)('lists each operator of a %s field once, in the order of CONDITION_OPERATORS', (type) => {
    const operators = OPERATORS_BY_FIELD_TYPE[type];
    expect(operators).toEqual(CONDITION_OPERATORS.filter((op) => operators.includes(op)));
  });

  it('allows starts_with on string and phone fields only', () => {
    expect(types.filter((type) => OPERATORS_BY_FIELD_TYPE[type].includes('starts_with')).sort()).toEqual([
      'phone',
      'string',
    ]);
  });

  it.each(['gt', 'gte', 'lt', 'lte'] as const)('allows %s on number fields only', (op) => {
    expect(types.filter((type) => OPERATORS_BY_FIELD_TYPE[type].includes(op))).toEqual(['number']);
  });
});
