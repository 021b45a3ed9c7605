import {
  type Condition,
  MESSAGING_ACTION_CONDITION_FIELDS,
  validateCondition,
  type ConditionError,
} from '@threadline/contracts';

/** The condition of a messaging action as admins wrote it, checked with every error and its path. */
export function checkActionCondition(
  condition: unknown,
): { ok: true; condition: Condition | null } | { ok: false; errors: ConditionError[] } {
  if (condition === null || condition === undefined) return { ok: true, condition: null };
  const checked = validateCondition(MESSAGING_ACTION_CONDITION_FIELDS, condition);
  return checked.ok ? { ok: true, condition: checked.condition } : { ok: false, errors: checked.errors };
}
