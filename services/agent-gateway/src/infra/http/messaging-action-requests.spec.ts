import {
  createMessagingActionBody,
  interactionTimersQuery,
  updateMessagingActionBody,
} from './messaging-action-requests';

const ACTION = {
  id: '01970000-0000-7000-8000-0000000d0001',
  name: 'Nudge the agent',
  active: true,
  event: 'requester_message_without_agent_response',
  durationSeconds: 300,
  condition: null,
  action: { kind: 'prompt_agent', text: 'The requester is waiting' },
};

const paths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((issue) => issue.path.map(String).join('.')) ?? [];

describe('messaging action requests', () => {
  it('takes a whole action, its filter as JSON', () => {
    const condition = { all: [{ field: 'priority', op: 'gte', value: 5 }] };
    expect(createMessagingActionBody.parse({ ...ACTION, condition })).toEqual({ ...ACTION, condition });
  });

  it.each([
    ['name', { name: ' ' }],
    ['durationSeconds', { durationSeconds: 0 }],
    ['event', { event: 'whenever' }],
    ['action.text', { action: { kind: 'prompt_agent', text: '' } }],
    ['action.kind', { action: { kind: 'explode' } }],
    ['id', { id: 'nudge' }],
  ])('refuses a bad %s, by its path', (path, change) => {
    expect(paths(createMessagingActionBody.safeParse({ ...ACTION, ...change }))).toContain(path);
  });

  it('refuses a setting the timer service sets itself, and a change of the id', () => {
    expect(createMessagingActionBody.safeParse({ ...ACTION, builtIn: true }).success).toBe(false);
    expect(updateMessagingActionBody.safeParse({ id: ACTION.id }).success).toBe(false);
  });

  it('takes any part of the settings as a change', () => {
    expect(updateMessagingActionBody.parse({ active: false })).toEqual({ active: false });
  });

  it.each([
    [{}, false],
    [{ history: 'false' }, false],
    [{ history: 'true' }, true],
  ])('reads the timers query %j', (query, includeHistory) => {
    expect(interactionTimersQuery.parse(query)).toEqual({ history: includeHistory });
  });

  it.each([[{ history: 'yes' }], [{ history: 'true', limit: '5' }]])(
    'refuses the timers query %j',
    (query) => {
      expect(interactionTimersQuery.safeParse(query).success).toBe(false);
    },
  );
});
