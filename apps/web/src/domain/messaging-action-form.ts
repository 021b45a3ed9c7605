// The messaging action form (SPEC M1–M7): which side's silence, how long, the filter and the
// effect, as the form holds them, and the request they make.
import type {
  CreateMessagingActionRequest,
  MessagingAction,
  MessagingActionEffect,
  MessagingActionEvent,
} from '../api/types';
import { wholeNumber } from './admin-forms';
import { MESSAGING_ACTION_CONDITION_FIELDS } from './condition-fields';
import { type ConditionDraft, conditionOf, conditionPaths, draftOf, EMPTY_CONDITION } from './condition-rows';
import type { FieldProblem } from './field-errors';

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';
export type EffectKind = MessagingActionEffect['kind'];
export type FinalState = NonNullable<MessagingActionEffect['state']>;

export const UNIT_SECONDS: Readonly<Record<DurationUnit, number>> = {
  seconds: 1,
  minutes: 60,
  hours: 3_600,
  days: 86_400,
};

export const EVENTS: ReadonlyArray<{ value: MessagingActionEvent; label: string }> = [
  { value: 'requester_message_without_agent_response', label: 'The requester wrote and no agent answered' },
  {
    value: 'agent_message_without_requester_response',
    label: 'An agent wrote and the requester did not answer',
  },
];

export const EFFECTS: ReadonlyArray<{ value: EffectKind; label: string }> = [
  { value: 'prompt_agent', label: 'Prompt the agent with a text' },
  { value: 'prompt_requester', label: 'Send the requester an SMS' },
  { value: 'reassign', label: 'Reassign the conversation' },
  { value: 'set_state', label: 'End the conversation' },
];

export const FINAL_STATES: ReadonlyArray<{ value: FinalState; label: string }> = [
  { value: 'closed_abandoned', label: 'Closed, abandoned' },
  { value: 'closed_complete', label: 'Closed, complete' },
];

export interface ActionDraft {
  name: string;
  active: boolean;
  event: MessagingActionEvent;
  duration: string;
  unit: DurationUnit;
  condition: ConditionDraft;
  kind: EffectKind;
  text: string;
  state: FinalState;
}

export const NEW_ACTION: ActionDraft = {
  name: '',
  active: true,
  event: 'requester_message_without_agent_response',
  duration: '30',
  unit: 'minutes',
  condition: EMPTY_CONDITION,
  kind: 'prompt_agent',
  text: '',
  state: 'closed_abandoned',
};

/** The largest unit that divides the duration, so 172800 seconds reads "2 days". */
export function durationParts(seconds: number): { duration: string; unit: DurationUnit } {
  const units: DurationUnit[] = ['days', 'hours', 'minutes'];
  const unit = units.find((candidate) => seconds > 0 && seconds % UNIT_SECONDS[candidate] === 0) ?? 'seconds';
  return { duration: String(seconds / UNIT_SECONDS[unit]), unit };
}

export function durationText(seconds: number): string {
  const { duration, unit } = durationParts(seconds);
  return `${duration} ${duration === '1' ? unit.slice(0, -1) : unit}`;
}

export function actionDraft(action: MessagingAction): ActionDraft {
  return {
    name: action.name,
    active: action.active,
    event: action.event,
    ...durationParts(action.durationSeconds),
    condition: draftOf(action.condition, MESSAGING_ACTION_CONDITION_FIELDS),
    kind: action.action.kind,
    text: action.action.text ?? '',
    state: action.action.state ?? 'closed_abandoned',
  };
}

export type ActionSettings = Omit<CreateMessagingActionRequest, 'id'>;

export function effectOf(draft: Pick<ActionDraft, 'kind' | 'text' | 'state'>): MessagingActionEffect {
  switch (draft.kind) {
    case 'prompt_agent':
    case 'prompt_requester':
      return { kind: draft.kind, text: draft.text };
    case 'reassign':
      return { kind: 'reassign' };
    case 'set_state':
      return { kind: 'set_state', state: draft.state };
  }
}

export function actionSettings(
  draft: ActionDraft,
): { ok: true; settings: ActionSettings } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const condition = conditionOf(draft.condition, MESSAGING_ACTION_CONDITION_FIELDS);
  if (!condition.ok) problems.push(condition.problem);
  const duration = wholeNumber(draft.duration);
  if (!duration.ok) problems.push({ path: 'durationSeconds', message: duration.message });
  if (!condition.ok || !duration.ok) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      name: draft.name,
      active: draft.active,
      event: draft.event,
      durationSeconds: duration.value * UNIT_SECONDS[draft.unit],
      condition: condition.condition as ActionSettings['condition'],
      action: effectOf(draft),
    },
  };
}

export function actionFieldPaths(draft: ActionDraft): string[] {
  return [
    'name',
    'active',
    'event',
    'durationSeconds',
    ...conditionPaths(draft.condition),
    'action',
    'action.kind',
    'action.text',
    'action.state',
  ];
}

export const ACTION_CODE_FIELDS: Readonly<Record<string, string>> = {
  MESSAGING_ACTION_NAME_TAKEN: 'name',
};

/** What an action does, in words, for the list. */
export function effectText(effect: MessagingActionEffect): string {
  switch (effect.kind) {
    case 'prompt_agent':
      return `Prompt the agent: “${effect.text ?? ''}”`;
    case 'prompt_requester':
      return `Text the requester: “${effect.text ?? ''}”`;
    case 'reassign':
      return 'Reassign the conversation';
    case 'set_state':
      return `Set the state to ${effect.state ?? ''}`;
  }
}
