import { messagingActionEffect, messagingActionSettings } from '../schemas';
import { evaluateCondition } from './evaluate-condition';
import { MESSAGING_ACTION_CONDITION_FIELDS, ROUTING_OWNED_FIELDS } from './messaging-action-fields';
import { ROUTING_CONDITION_FIELDS } from './routing-fields';
import { validateCondition } from './validate-condition';

describe('messaging-action filters (SPEC M4): one condition language with routing', () => {
  it("tests every field routing's conditions test, and where the conversation stands", () => {
    for (const field of Object.keys(ROUTING_CONDITION_FIELDS)) {
      expect(MESSAGING_ACTION_CONDITION_FIELDS[field]).toEqual(ROUTING_CONDITION_FIELDS[field]);
    }
    expect(Object.keys(MESSAGING_ACTION_CONDITION_FIELDS)).toEqual(
      expect.arrayContaining(['state', 'assigned', 'assigneeId', 'queueId', 'companyAddress']),
    );
    for (const field of ROUTING_OWNED_FIELDS) expect(MESSAGING_ACTION_CONDITION_FIELDS[field]).toBeDefined();
  });

  it('accepts a filter on state and assignment, and evaluates it against the facts', () => {
    const checked = validateCondition(MESSAGING_ACTION_CONDITION_FIELDS, {
      all: [
        { field: 'state', op: 'in', value: ['work_in_progress', 'on_hold'] },
        { field: 'assigned', op: 'eq', value: true },
      ],
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(evaluateCondition(checked.condition, { state: 'work_in_progress', assigned: true })).toBe(true);
    expect(evaluateCondition(checked.condition, { state: 'new', assigned: false })).toBe(false);
  });

  it('refuses a state that does not exist, and a field routing alone would not know, with paths', () => {
    const checked = validateCondition(MESSAGING_ACTION_CONDITION_FIELDS, {
      any: [
        { field: 'state', op: 'eq', value: 'sleeping' },
        { field: 'colour', op: 'eq', value: 'red' },
      ],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((error) => error.path)).toEqual([
      'condition.any[0].value',
      'condition.any[1].field',
    ]);
  });
});

describe('messaging-action settings', () => {
  const valid = {
    name: 'Nudge the agent',
    active: true,
    event: 'requester_message_without_agent_response',
    durationSeconds: 1800,
    condition: null,
    action: { kind: 'prompt_agent', text: 'The requester is waiting.' },
  };

  it('takes the four actions of M5', () => {
    for (const action of [
      { kind: 'prompt_agent', text: 'x' },
      { kind: 'prompt_requester', text: 'x' },
      { kind: 'reassign' },
      { kind: 'set_state', state: 'closed_abandoned' },
    ]) {
      expect(messagingActionEffect.safeParse(action).success).toBe(true);
    }
  });

  it('answers each invalid field by its own path', () => {
    const result = messagingActionSettings.safeParse({
      ...valid,
      name: '',
      event: 'whenever',
      durationSeconds: 0,
      action: { kind: 'set_state', state: 'work_in_progress' },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual(['action.state', 'durationSeconds', 'event', 'name']);
  });

  it('refuses an empty prompt and one longer than ten UCS-2 segments', () => {
    expect(messagingActionEffect.safeParse({ kind: 'prompt_requester', text: '  ' }).success).toBe(false);
    expect(messagingActionEffect.safeParse({ kind: 'prompt_agent', text: 'x'.repeat(671) }).success).toBe(
      false,
    );
  });
});
