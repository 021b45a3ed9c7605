export const CONDITION_ERROR_CODES = [
  /** Not an object, unknown or extra keys, a wrong combination of keys, or a key of the wrong JSON type. */
  'CONDITION_SHAPE_INVALID',
  'CONDITION_FIELD_UNKNOWN',
  /** An unknown operator, or one the field's type does not allow. */
  'CONDITION_OPERATOR_INVALID',
  'CONDITION_VALUE_INVALID',
  'CONDITION_TOO_COMPLEX',
] as const;

export type ConditionErrorCode = (typeof CONDITION_ERROR_CODES)[number];

export interface ConditionError {
  /** Where in the input, e.g. `condition.all[1].value`. */
  path: string;
  code: ConditionErrorCode;
  message: string;
}
