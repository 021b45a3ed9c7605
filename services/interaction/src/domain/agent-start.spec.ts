import {
  type ActiveInteractionSummary,
  needsConfirmation,
  planAgentStart,
  START_WARNINGS,
} from './agent-start';

const ADA = 'user-ada';
const GRACE = 'user-grace';

function active(overrides: Partial<ActiveInteractionSummary> = {}): ActiveInteractionSummary {
  return {
    interactionId: '01960000-0000-7000-8000-000000000001',
    state: 'work_in_progress',
    assigneeId: 'agent-bob',
    requesterUserId: ADA,
    handledBy: 'agents',
    ...overrides,
  };
}

describe('planAgentStart', () => {
  it('A1: a phone pair with no active interaction gets a new one, with no warning', () => {
    expect(planAgentStart(null, ADA)).toEqual({ rule: 'A1', warning: null });
    expect(planAgentStart(null, null)).toEqual({ rule: 'A1', warning: null });
  });

  it('A2: an active interaction with an agent, for the same person, is joined', () => {
    expect(planAgentStart(active(), ADA)).toEqual({ rule: 'A2', warning: null });
  });

  it('A2: a typed number (no person picked) joins whatever agents hold', () => {
    expect(planAgentStart(active({ requesterUserId: GRACE }), null)).toEqual({ rule: 'A2', warning: null });
  });

  it('A2: a conversation still waiting in the queue is joined too (agents, not the VA, have it)', () => {
    expect(planAgentStart(active({ state: 'new', assigneeId: null }), ADA).rule).toBe('A2');
  });

  it('A3: an active interaction with the virtual agent is replaced, with the A3 warning', () => {
    expect(
      planAgentStart(active({ handledBy: 'virtual_agent', assigneeId: null, state: 'new' }), ADA),
    ).toEqual({
      rule: 'A3',
      warning: START_WARNINGS.A3,
    });
  });

  it('A3 wins over A4: the virtual agent has it, whoever the person is', () => {
    const withVa = active({ handledBy: 'virtual_agent', requesterUserId: GRACE });
    expect(planAgentStart(withVa, ADA).rule).toBe('A3');
  });

  it('A4: an active interaction associated with another person than the one contacted, with the A4 warning', () => {
    expect(planAgentStart(active({ requesterUserId: GRACE }), ADA)).toEqual({
      rule: 'A4',
      warning: START_WARNINGS.A4,
    });
  });

  it.each([
    ['A1', false],
    ['A2', false],
    ['A3', true],
    ['A4', true],
  ] as const)('%s needs the agent to confirm: %s', (rule, expected) => {
    expect(needsConfirmation(rule)).toBe(expected);
  });
});
