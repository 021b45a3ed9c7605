import type { ConditionOperator } from './condition';

export type FieldType =
  | { type: 'string'; maxLength?: number }
  /** E.164, e.g. +15550100001; condition values are stored in that form. */
  | { type: 'phone' }
  | { type: 'boolean' }
  | { type: 'number'; min?: number; max?: number; integer?: boolean }
  | { type: 'enum'; values: readonly string[] };

export type FieldTypeName = FieldType['type'];

/** The fields a condition may test, by name, with what a person choosing one needs to know. */
export type FieldCatalog = Readonly<Record<string, FieldType & { description: string }>>;

const EQUALITY: readonly ConditionOperator[] = ['eq', 'ne', 'in', 'not_in', 'exists'];

/**
 * The operators each field type allows: prefixes only make sense for text, order only for
 * numbers (an enum's values have no order a condition could rely on).
 */
export const OPERATORS_BY_FIELD_TYPE: Readonly<Record<FieldTypeName, readonly ConditionOperator[]>> = {
  string: [...EQUALITY, 'starts_with'],
  phone: [...EQUALITY, 'starts_with'],
  boolean: EQUALITY,
  number: [...EQUALITY, 'gt', 'gte', 'lt', 'lte'],
  enum: EQUALITY,
};
