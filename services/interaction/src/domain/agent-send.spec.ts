import { refuseAgentSend } from './agent-send';

describe('refuseAgentSend', () => {
  it('lets the assignee send into an open interaction', () => {
    expect(refuseAgentSend({ state: 'work_in_progress', assigneeId: 'alice' }, 'alice')).toBeNull();
  });

  it('refuses another agent with NOT_ASSIGNEE', () => {
    expect(refuseAgentSend({ state: 'work_in_progress', assigneeId: 'alice' }, 'bob')).toMatchObject({
      code: 'NOT_ASSIGNEE',
      status: 403,
    });
  });

  it('refuses everyone while nobody is assigned yet', () => {
    expect(refuseAgentSend({ state: 'new', assigneeId: null }, 'alice')).toMatchObject({
      code: 'NOT_ASSIGNEE',
    });
  });

  it.each(['closed_complete', 'closed_abandoned'] as const)(
    'refuses a %s interaction, even to its assignee',
    (state) => {
      expect(refuseAgentSend({ state, assigneeId: 'alice' }, 'alice')).toMatchObject({
        code: 'INTERACTION_CLOSED',
        status: 409,
      });
    },
  );
});
