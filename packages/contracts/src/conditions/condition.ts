/** A value a condition compares with. `null` stands for "absent" (no such fact). */
export type ConditionValue = string | number | boolean | null;

/** What a condition is evaluated against: one value per catalog field, missing when unknown. */
export type Facts = Readonly<Record<string, ConditionValue | undefined>>;

export const CONDITION_OPERATORS = [
  'eq',
  'ne',
  'in',
  'not_in',
  'exists',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * A condition over the fields of a catalog (routing: interaction fields; later, messaging
 * actions with a catalog of their own). Plain JSON, so it is stored and sent as it is.
 */
export type Condition =
  /** True when every child is; an empty list is true. */
  | { all: Condition[] }
  /** True when some child is; an empty list is false. */
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: 'eq' | 'ne'; value: ConditionValue }
  | { field: string; op: 'in' | 'not_in'; value: ConditionValue[] }
  /** The fact is present and not null. */
  | { field: string; op: 'exists' }
  /** String and phone fields only. */
  | { field: string; op: 'starts_with'; value: string }
  /** Number fields only. */
  | { field: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number };

/** A condition that tests one field (every kind but all, any and not). */
export type FieldCondition = Extract<Condition, { field: string }>;

/**
 * Bounds that keep a condition cheap to store, evaluate on every routing decision, and read:
 * `maxDepth` levels of nesting (a lone field test is 1), `maxNodes` condition objects in all,
 * `maxListLength` values in an `in` or `not_in` list.
 */
export const CONDITION_LIMITS = { maxDepth: 8, maxNodes: 200, maxListLength: 100 } as const;
