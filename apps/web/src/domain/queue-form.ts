// The queue form (SPEC W2, W5, W7): every setting a queue has, as the form holds it, the request
// it makes, the paths the API names its errors by, and moving a queue in the routing order.
import type { AssignmentRule, CreateQueueRequest, Queue, UpdateQueueRequest, Weekday } from '../api/types';
import { optionalWhole, textOfNumber } from './admin-forms';
import { type ConditionDraft, conditionOf, conditionPaths, draftOf, EMPTY_CONDITION } from './condition-rows';
import { ROUTING_CONDITION_FIELDS } from './condition-fields';
import type { FieldProblem } from './field-errors';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface WindowDraft {
  days: Weekday[];
  from: string;
  to: string;
}

export interface QueueDraft {
  name: string;
  active: boolean;
  condition: ConditionDraft;
  /** No schedule: always open. */
  scheduled: boolean;
  timeZone: string;
  windows: WindowDraft[];
  assignmentRule: AssignmentRule;
  autoAssign: boolean;
  offerTimeoutSeconds: string;
  /** '' uses routing's default. */
  offerTimeoutPresence: string;
  members: string[];
}

export const NEW_WINDOW: WindowDraft = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  from: '09:00',
  to: '17:00',
};

export function newQueueDraft(timeZone: string): QueueDraft {
  return {
    name: '',
    active: true,
    condition: EMPTY_CONDITION,
    scheduled: false,
    timeZone,
    windows: [NEW_WINDOW],
    assignmentRule: 'most_capacity',
    autoAssign: false,
    offerTimeoutSeconds: '',
    offerTimeoutPresence: '',
    members: [],
  };
}

export function queueDraft(queue: Queue, timeZone: string): QueueDraft {
  return {
    name: queue.name,
    active: queue.active,
    condition: draftOf(queue.condition, ROUTING_CONDITION_FIELDS),
    scheduled: queue.schedule !== null,
    timeZone: queue.schedule?.timeZone ?? timeZone,
    windows: queue.schedule
      ? queue.schedule.windows.map((window) => ({ ...window, days: [...window.days] }))
      : [NEW_WINDOW],
    assignmentRule: queue.assignmentRule,
    autoAssign: queue.autoAssign,
    offerTimeoutSeconds: textOfNumber(queue.offerTimeoutSeconds),
    offerTimeoutPresence: queue.offerTimeoutPresence ?? '',
    members: [...queue.members],
  };
}

export type QueueSettings = Omit<CreateQueueRequest, 'id' | 'position'>;

/** The settings to send, or the problems the form can tell without asking (by path). */
export function queueSettings(
  draft: QueueDraft,
): { ok: true; settings: QueueSettings } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const condition = conditionOf(draft.condition, ROUTING_CONDITION_FIELDS);
  if (!condition.ok) problems.push(condition.problem);
  const timeout = optionalWhole(draft.offerTimeoutSeconds);
  if (!timeout.ok) problems.push({ path: 'offerTimeoutSeconds', message: timeout.message });
  if (!condition.ok || !timeout.ok) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      name: draft.name,
      active: draft.active,
      condition: condition.condition as QueueSettings['condition'],
      schedule: draft.scheduled
        ? {
            timeZone: draft.timeZone.trim(),
            windows: draft.windows.map((window) => ({
              days: WEEKDAYS.filter((day) => window.days.includes(day)),
              from: window.from,
              to: window.to,
            })),
          }
        : null,
      assignmentRule: draft.assignmentRule,
      autoAssign: draft.autoAssign,
      offerTimeoutSeconds: timeout.value,
      offerTimeoutPresence: draft.offerTimeoutPresence === '' ? null : draft.offerTimeoutPresence,
      members: draft.members,
    },
  };
}

/** Only what changed, so a PATCH touches nothing else (the fallback queue refuses some settings). */
export function queueChanges(queue: Queue, settings: QueueSettings): UpdateQueueRequest {
  const changes: UpdateQueueRequest = {};
  const keys = Object.keys(settings) as Array<keyof QueueSettings>;
  for (const key of keys) {
    if (JSON.stringify(settings[key]) !== JSON.stringify(queue[key]))
      Object.assign(changes, { [key]: settings[key] });
  }
  return changes;
}

/** Every path the form shows an error beside. */
export function queueFieldPaths(draft: QueueDraft): string[] {
  const windows = draft.scheduled
    ? draft.windows.flatMap((_window, index) =>
        ['days', 'from', 'to'].map((part) => `schedule.windows[${index}].${part}`),
      )
    : [];
  return [
    'name',
    'active',
    ...conditionPaths(draft.condition),
    'schedule',
    'schedule.timeZone',
    'schedule.windows',
    ...windows,
    'assignmentRule',
    'autoAssign',
    'offerTimeoutSeconds',
    'offerTimeoutPresence',
    'members',
  ];
}

/** Refusals that name one field without a path. */
export const QUEUE_CODE_FIELDS: Readonly<Record<string, string>> = {
  QUEUE_NAME_TAKEN: 'name',
  PRESENCE_UNKNOWN: 'offerTimeoutPresence',
};

/**
 * The routing order after moving a queue one place up or down, as PUT /admin/queues/order
 * takes it: every queue but the fallback, which always comes last. Null when it cannot move.
 */
export function movedOrder(
  queues: readonly Pick<Queue, 'id' | 'fallback'>[],
  id: string,
  by: -1 | 1,
): string[] | null {
  const ids = queues.filter((queue) => !queue.fallback).map((queue) => queue.id);
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  const order = [...ids];
  [order[from], order[to]] = [ids[to] as string, ids[from] as string];
  return order;
}

export const ASSIGNMENT_RULES: ReadonlyArray<{ value: AssignmentRule; label: string }> = [
  { value: 'most_capacity', label: 'Most free capacity first' },
  { value: 'last_assigned', label: 'Longest since their last assignment first' },
];

/** A queue's schedule in words, for the list. */
export function scheduleText(schedule: Queue['schedule']): string {
  if (!schedule) return 'Always open';
  const windows = schedule.windows.map((window) => `${window.days.join(', ')} ${window.from}–${window.to}`);
  return `${windows.join('; ')} (${schedule.timeZone})`;
}
