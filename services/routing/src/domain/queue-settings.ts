import { type Condition, ROUTING_CONDITION_FIELDS, validateCondition } from '@threadline/contracts';
import { validateSchedule, type WeeklySchedule } from './schedule';

export interface QueueSettingsError {
  path: string;
  code: string;
  message: string;
}

export interface QueueSettingsInput {
  condition: unknown;
  schedule: unknown;
  offerTimeoutPresence: string | null;
  active: boolean;
}

/**
 * SPEC W2: a queue's condition (the typed condition language over ROUTING_CONDITION_FIELDS) and
 * schedule are checked with every error and its path; the timeout presence must exist; the
 * fallback queue takes everything, always, so it has neither and cannot be deactivated.
 */
export function checkQueueSettings(
  input: QueueSettingsInput,
  context: { fallback: boolean; presenceStates: readonly string[] },
):
  | { ok: true; condition: Condition | null; schedule: WeeklySchedule | null }
  | { ok: false; errors: QueueSettingsError[] } {
  const errors: QueueSettingsError[] = [];
  let condition: Condition | null = null;
  let schedule: WeeklySchedule | null = null;
  if (input.condition !== null) {
    const checked = validateCondition(ROUTING_CONDITION_FIELDS, input.condition);
    if (checked.ok) condition = checked.condition;
    else errors.push(...checked.errors);
  }
  if (input.schedule !== null) {
    const checked = validateSchedule(input.schedule);
    if (checked.ok) schedule = checked.schedule;
    else errors.push(...checked.errors);
  }
  if (input.offerTimeoutPresence !== null && !context.presenceStates.includes(input.offerTimeoutPresence)) {
    errors.push({
      path: 'offerTimeoutPresence',
      code: 'PRESENCE_UNKNOWN',
      message: `no presence state "${input.offerTimeoutPresence}"; known: ${context.presenceStates.join(', ')}`,
    });
  }
  if (context.fallback) {
    const fixed = (path: string, what: string) =>
      errors.push({ path, code: 'FALLBACK_QUEUE_FIXED', message: `the fallback queue ${what}` });
    if (input.condition !== null) fixed('condition', 'takes every interaction: it has no condition');
    if (input.schedule !== null) fixed('schedule', 'is always open: it has no schedule');
    if (!input.active) fixed('active', 'cannot be deactivated');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, condition, schedule };
}

/**
 * SPEC W2: the routing order after moving or adding `id` to 1-based `position` (the end when
 * null or past it). The fallback queue is not in the list: it always comes last.
 */
export function reorder(ids: readonly string[], id: string, position: number | null): string[] {
  const rest = ids.filter((other) => other !== id);
  const at = position === null ? rest.length : Math.min(Math.max(position - 1, 0), rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}
