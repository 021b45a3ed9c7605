import { refuseAgentSend, refuseSegments } from './agent-send';

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

describe('refuseSegments (S4)', () => {
  it('S4: lets a text of exactly the limit through: 10 GSM-7 parts are 1530 characters', () => {
    expect(refuseSegments('a'.repeat(1530), 10)).toBeNull();
  });

  it('S4: refuses one character more with MESSAGE_TOO_MANY_SEGMENTS, its count, the limit and the encoding', () => {
    expect(refuseSegments('a'.repeat(1531), 10)).toEqual({
      code: 'MESSAGE_TOO_MANY_SEGMENTS',
      status: 422,
      message: 'the message takes 11 SMS segments (GSM-7); at most 10 are sent',
      details: { segments: 11, limit: 10, encoding: 'GSM-7' },
    });
  });

  it('S4: counts extension characters double and UCS-2 at 67 a part', () => {
    expect(refuseSegments('€'.repeat(153), 2)).toMatchObject({ details: { segments: 3, encoding: 'GSM-7' } });
    expect(refuseSegments('Ж'.repeat(134), 2)).toBeNull();
    expect(refuseSegments(`${'Ж'.repeat(134)}👋`, 2)).toMatchObject({
      details: { segments: 3, limit: 2, encoding: 'UCS-2' },
    });
  });
});
