import {
  agentActor,
  endedNote,
  REFUSAL_STATUS,
  toTransitionEvent,
  transferredNote,
} from './lifecycle-command';
import { TRANSITION_ERROR_CODES } from './interaction-transition';

describe('toTransitionEvent', () => {
  it('I5: end carries the outcome the agent chose', () => {
    expect(toTransitionEvent({ type: 'end', outcome: 'abandoned' }, { pendingOutcome: null })).toEqual({
      type: 'end',
      outcome: 'abandoned',
    });
  });

  it('hold and resume are the state machine events of the same name', () => {
    expect(toTransitionEvent({ type: 'hold' }, { pendingOutcome: null })).toEqual({ type: 'hold' });
    expect(toTransitionEvent({ type: 'resume' }, { pendingOutcome: null })).toEqual({ type: 'resume' });
  });

  it('completing wrap-up closes with the outcome stored when the conversation was ended', () => {
    expect(toTransitionEvent({ type: 'complete_wrap_up' }, { pendingOutcome: 'abandoned' })).toEqual({
      type: 'complete_wrap_up',
      pendingOutcome: 'abandoned',
    });
  });

  it('W10: transfer is the state machine event of the same name, whatever its target', () => {
    const queueId = '01970000-0000-7000-8000-0000000000c1';
    expect(toTransitionEvent({ type: 'transfer', to: { queueId } }, { pendingOutcome: null })).toEqual({
      type: 'transfer',
    });
    expect(
      toTransitionEvent(
        { type: 'transfer', to: { agentId: 'bob' }, note: 'billing' },
        { pendingOutcome: null },
      ),
    ).toEqual({ type: 'transfer' });
  });
});

describe('agentActor', () => {
  it('is the assignee exactly when the interaction is assigned to them', () => {
    expect(agentActor({ id: 'alice', role: 'agent' }, { assigneeId: 'alice' })).toEqual({
      kind: 'agent',
      id: 'alice',
      role: 'agent',
      isAssignee: true,
    });
    expect(agentActor({ id: 'maria', role: 'manager' }, { assigneeId: 'alice' })).toMatchObject({
      isAssignee: false,
      role: 'manager',
    });
    expect(agentActor({ id: 'alice', role: 'agent' }, { assigneeId: null })).toMatchObject({
      isAssignee: false,
    });
  });
});

describe('REFUSAL_STATUS', () => {
  it('gives every refusal of the state machine an HTTP status: 403 for who, 409 for state', () => {
    expect(Object.keys(REFUSAL_STATUS).sort()).toEqual(Object.values(TRANSITION_ERROR_CODES).sort());
    expect(REFUSAL_STATUS.NOT_ASSIGNEE).toBe(403);
    expect(REFUSAL_STATUS.INTERACTION_CLOSED).toBe(409);
    expect(REFUSAL_STATUS.INVALID_TRANSITION).toBe(409);
  });
});

describe('endedNote', () => {
  it('S1: tells agents who ended it, how, and their note', () => {
    expect(endedNote('agent_ended', 'complete', 'Refund sent', false)).toBe(
      'The agent ended the conversation as complete. Note: Refund sent',
    );
    expect(endedNote('manager_ended', 'abandoned', undefined, false)).toBe(
      'A manager ended the conversation as abandoned.',
    );
  });

  it('says when wrap-up follows', () => {
    expect(endedNote('agent_ended', 'complete', undefined, true)).toBe(
      'The agent ended the conversation as complete; wrap-up follows.',
    );
  });
});

describe('transferredNote', () => {
  it('S1, W10: tells agents who transferred it, to a queue or an agent, and their note', () => {
    expect(transferredNote(false, { agentId: 'bob' }, 'Billing question')).toBe(
      'The agent transferred the conversation to another agent. Note: Billing question',
    );
    expect(transferredNote(true, { queueId: '01970000-0000-7000-8000-0000000000c1' }, undefined)).toBe(
      'A manager transferred the conversation to another queue.',
    );
  });
});
