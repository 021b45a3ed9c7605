import type { MessagingAction } from '../api/types';
import {
  actionDraft,
  actionFieldPaths,
  actionSettings,
  durationParts,
  durationText,
  effectOf,
  effectText,
  NEW_ACTION,
} from './messaging-action-form';

const ACTION: MessagingAction = {
  id: 'm1',
  name: 'Close abandoned conversations',
  active: true,
  event: 'agent_message_without_requester_response',
  durationSeconds: 172_800,
  condition: { all: [{ field: 'state', op: 'eq', value: 'work_in_progress' }] },
  action: { kind: 'set_state', state: 'closed_abandoned' },
  conditionText: 'state is work_in_progress',
  builtIn: true,
  armedTimers: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('durations', () => {
  it.each([
    [172_800, '2', 'days'],
    [7_200, '2', 'hours'],
    [1_800, '30', 'minutes'],
    [90, '90', 'seconds'],
    [0, '0', 'seconds'],
  ])('%d seconds is %s %s', (seconds, duration, unit) => {
    expect(durationParts(seconds)).toEqual({ duration, unit });
  });

  it('reads in words', () => {
    expect(durationText(60)).toBe('1 minute');
    expect(durationText(1_800)).toBe('30 minutes');
  });
});

describe('the messaging action form', () => {
  it('reads an action and sends back the same settings', () => {
    expect(actionSettings(actionDraft(ACTION))).toEqual({
      ok: true,
      settings: {
        name: ACTION.name,
        active: true,
        event: ACTION.event,
        durationSeconds: 172_800,
        condition: ACTION.condition,
        action: ACTION.action,
      },
    });
  });

  it('sends a new prompt with its text, the duration in seconds and no filter', () => {
    expect(actionSettings({ ...NEW_ACTION, name: 'Nudge', text: 'Please answer' })).toEqual({
      ok: true,
      settings: {
        name: 'Nudge',
        active: true,
        event: 'requester_message_without_agent_response',
        durationSeconds: 1_800,
        condition: null,
        action: { kind: 'prompt_agent', text: 'Please answer' },
      },
    });
  });

  it('sends each effect with only its own fields', () => {
    const draft = { text: 'hi', state: 'closed_complete' as const };
    expect(effectOf({ ...draft, kind: 'prompt_requester' })).toEqual({
      kind: 'prompt_requester',
      text: 'hi',
    });
    expect(effectOf({ ...draft, kind: 'reassign' })).toEqual({ kind: 'reassign' });
    expect(effectOf({ ...draft, kind: 'set_state' })).toEqual({
      kind: 'set_state',
      state: 'closed_complete',
    });
  });

  it('refuses a duration that is not a whole number before asking', () => {
    expect(actionSettings({ ...NEW_ACTION, duration: 'soon' })).toEqual({
      ok: false,
      problems: [{ path: 'durationSeconds', message: 'enter a whole number' }],
    });
  });

  it('names every field by the API’s path', () => {
    expect(actionFieldPaths(actionDraft(ACTION))).toEqual([
      'name',
      'active',
      'event',
      'durationSeconds',
      'condition',
      'condition.all[0].field',
      'condition.all[0].op',
      'condition.all[0].value',
      'action',
      'action.kind',
      'action.text',
      'action.state',
    ]);
  });

  it('says what an action does', () => {
    expect(effectText({ kind: 'prompt_agent', text: 'Hi' })).toBe('Prompt the agent: “Hi”');
    expect(effectText({ kind: 'prompt_requester', text: 'Hi' })).toBe('Text the requester: “Hi”');
    expect(effectText({ kind: 'reassign' })).toBe('Reassign the conversation');
    expect(effectText({ kind: 'set_state', state: 'closed_abandoned' })).toBe(
      'Set the state to closed_abandoned',
    );
  });
});
