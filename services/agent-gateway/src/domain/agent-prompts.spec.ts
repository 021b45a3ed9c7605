import type { PayloadOf } from '@threadline/contracts';
import { promptOf } from './agent-prompts';

const FIRED: PayloadOf<'timer.action.fired.v1'> = {
  timerId: '01970000-0000-7000-8000-0000000d0001',
  interactionId: '01970000-0000-7000-8000-0000000d0002',
  actionId: '01970000-0000-7000-8000-0000000d0003',
  action: { kind: 'prompt_agent', text: 'The requester is waiting for you' },
  deadline: '2025-01-01T10:05:00.000Z',
  firedAt: '2025-01-01T10:05:01.000Z',
  actionName: 'Nudge the agent',
  assigneeId: 'agent-1',
};

describe('promptOf (SPEC M5 Prompt agent)', () => {
  it('makes the prompt of a prompt_agent firing, for the agent who held the conversation, with the timer’s id', () => {
    expect(promptOf(FIRED)).toEqual({
      id: FIRED.timerId,
      agentId: 'agent-1',
      interactionId: FIRED.interactionId,
      actionId: FIRED.actionId,
      actionName: 'Nudge the agent',
      text: 'The requester is waiting for you',
      deadline: new Date('2025-01-01T10:05:00.000Z'),
    });
  });

  it('keeps a firing without the action’s name, as older producers sent it', () => {
    const { actionName: _omitted, ...older } = FIRED;
    expect(promptOf(older)).toMatchObject({ actionName: null });
  });

  it.each([
    ['nobody held the conversation', { assigneeId: null }],
    ['the producer did not say who held it', { assigneeId: undefined }],
  ])('makes none when %s', (_what, change) => {
    expect(promptOf({ ...FIRED, ...change })).toBeNull();
  });

  it.each([
    ['prompt_requester', { kind: 'prompt_requester' as const, text: 'Still there?' }],
    ['reassign', { kind: 'reassign' as const }],
    ['set_state', { kind: 'set_state' as const, state: 'closed_abandoned' as const }],
  ])('makes none for a %s action (another service carries it out)', (_kind, action) => {
    expect(promptOf({ ...FIRED, action })).toBeNull();
  });
});
