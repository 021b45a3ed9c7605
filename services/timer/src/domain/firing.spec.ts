import type { Condition } from '@threadline/contracts';
import { type ConversationNow, decideFiring, factsNeeded, type FiringAction, fieldsOf } from './firing';

const action = (extras: Partial<FiringAction> = {}): FiringAction => ({
  id: '01970000-0000-7000-8000-0000000000a1',
  name: 'Nudge',
  active: true,
  condition: null,
  action: { kind: 'prompt_requester', text: 'Still there?' },
  ...extras,
});

const open = (extras: Partial<ConversationNow> = {}): ConversationNow => ({
  found: true,
  state: 'work_in_progress',
  assigneeId: 'alice',
  facts: { state: 'work_in_progress', assigned: true, assigneeId: 'alice', companyAddress: '+15550100001' },
  ...extras,
});

const inProgress: Condition = { field: 'state', op: 'eq', value: 'work_in_progress' };

describe('fieldsOf', () => {
  it('lists each field a condition tests once, through all, any and not', () => {
    expect(fieldsOf(null)).toEqual([]);
    expect(
      fieldsOf({
        all: [inProgress, { any: [{ field: 'queueId', op: 'exists' }, { not: inProgress }] }],
      }),
    ).toEqual(['state', 'queueId']);
  });
});

describe('factsNeeded', () => {
  it('asks nobody for an action without a filter that interaction checks itself', () => {
    for (const effect of [
      { kind: 'prompt_requester', text: 'x' },
      { kind: 'reassign' },
      { kind: 'set_state', state: 'closed_abandoned' },
    ] as const) {
      expect(factsNeeded(action({ action: effect }))).toEqual({ interaction: false, routing: false });
    }
  });

  it('asks the conversation for a filter, and for the assignee of an agent prompt', () => {
    expect(factsNeeded(action({ condition: inProgress }))).toEqual({ interaction: true, routing: false });
    expect(factsNeeded(action({ action: { kind: 'prompt_agent', text: 'x' } }))).toEqual({
      interaction: true,
      routing: false,
    });
  });

  it('asks routing too when the filter tests the queue', () => {
    expect(factsNeeded(action({ condition: { field: 'queueId', op: 'eq', value: 'q' } }))).toEqual({
      interaction: true,
      routing: true,
    });
  });
});

describe('decideFiring (SPEC M4, M5)', () => {
  it('M4: runs the action when its filter matches the conversation as it is now', () => {
    expect(decideFiring(action({ condition: inProgress }), open())).toEqual({
      run: true,
      outcome: 'ran',
      effect: { kind: 'prompt_requester', text: 'Still there?' },
      assigneeId: 'alice',
    });
  });

  it('M4: runs nothing when the filter does not match now (it may have matched when armed)', () => {
    const onHold = open({ state: 'on_hold', facts: { state: 'on_hold', assigned: true } });
    expect(decideFiring(action({ condition: inProgress }), onHold)).toEqual({
      run: false,
      outcome: 'filtered_out',
    });
  });

  it('runs without asking when the action has no filter (interaction checks the conversation itself)', () => {
    expect(decideFiring(action(), null)).toMatchObject({ run: true, assigneeId: null });
  });

  it('an action switched off or deleted since arming runs nothing', () => {
    expect(decideFiring(action({ active: false }), open())).toEqual({
      run: false,
      outcome: 'action_inactive',
    });
    expect(decideFiring(null, open())).toEqual({ run: false, outcome: 'action_inactive' });
  });

  it('an ended or unknown conversation runs nothing, whatever the filter', () => {
    for (const state of ['closed_complete', 'closed_abandoned']) {
      expect(decideFiring(action(), open({ state }))).toEqual({ run: false, outcome: 'interaction_closed' });
    }
    const unknown = { found: false, state: null, assigneeId: null, facts: {} };
    expect(decideFiring(action(), unknown)).toEqual({ run: false, outcome: 'interaction_unknown' });
  });

  it('M5: an agent prompt goes to who holds the conversation now; nobody holding it, nobody is prompted', () => {
    const prompt = action({ action: { kind: 'prompt_agent', text: 'Reply, please' } });
    expect(decideFiring(prompt, open({ assigneeId: 'bob' }))).toMatchObject({ run: true, assigneeId: 'bob' });
    expect(decideFiring(prompt, open({ assigneeId: null }))).toEqual({ run: false, outcome: 'no_assignee' });
  });
});
