import { INTERACTION_STATES, type InteractionState } from './interaction-state';
import {
  type Actor,
  type StateChangeCause,
  STATE_CHANGE_CAUSES,
  transition,
  TRANSITION_ERROR_CODES,
  TRANSITION_EVENT_TYPES,
  type TransitionErrorCode,
  type TransitionEvent,
  type TransitionEventType,
  type TransitionOptions,
  type TransitionResult,
} from './interaction-transition';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const MINUTE = 60_000;
const options: TransitionOptions = { wrapUpEnabled: false, reopenWindowMs: 60 * MINUTE, now: NOW };
const withWrapUp: TransitionOptions = { ...options, wrapUpEnabled: true };

const alice: Actor = { kind: 'agent', id: 'alice', role: 'agent', isAssignee: true };
const bob: Actor = { kind: 'agent', id: 'bob', role: 'agent', isAssignee: false };
const carol: Actor = { kind: 'agent', id: 'carol', role: 'manager', isAssignee: false };
const dave: Actor = { kind: 'agent', id: 'dave', role: 'admin', isAssignee: false };
const mia: Actor = { kind: 'agent', id: 'mia', role: 'manager', isAssignee: true };
const requester: Actor = { kind: 'requester', id: 'user-1' };
const va: Actor = { kind: 'virtual_agent', id: 'va' };
const system: Actor = { kind: 'system', id: null };

/** One event of each type, with an actor that may cause it. */
const sample: Record<TransitionEventType, { event: TransitionEvent; actor: Actor }> = {
  assign: { event: { type: 'assign', agentId: 'alice' }, actor: system },
  handoff: { event: { type: 'handoff' }, actor: va },
  hold: { event: { type: 'hold' }, actor: alice },
  resume: { event: { type: 'resume' }, actor: alice },
  end: { event: { type: 'end', outcome: 'complete' }, actor: alice },
  complete_wrap_up: { event: { type: 'complete_wrap_up', pendingOutcome: 'complete' }, actor: alice },
  reopen: {
    event: { type: 'reopen', closedAt: new Date(NOW.getTime() - MINUTE), toPreviousAgent: true },
    actor: requester,
  },
  set_state: { event: { type: 'set_state', to: 'closed_abandoned' }, actor: system },
  reassign: { event: { type: 'reassign' }, actor: system },
  transfer: { event: { type: 'transfer' }, actor: alice },
};

type Assignee = 'keep' | 'clear' | 'set';
type Cell = TransitionErrorCode | [InteractionState, StateChangeCause, Assignee];

const INVALID = 'INVALID_TRANSITION';
const CLOSED = 'INTERACTION_CLOSED';
const NOT_ALLOWED = 'ACTOR_NOT_ALLOWED';
const NOT_ASSIGNEE = 'NOT_ASSIGNEE';

/** Hand-written: what each sample event does in each state (wrap-up off). */
const matrix: Record<InteractionState, Record<TransitionEventType, Cell>> = {
  new: {
    assign: ['work_in_progress', 'routing_assigned', 'set'],
    handoff: ['new', 'va_handoff', 'clear'],
    hold: INVALID,
    resume: INVALID,
    end: ['closed_complete', 'agent_ended', 'keep'],
    complete_wrap_up: INVALID,
    reopen: INVALID,
    set_state: ['closed_abandoned', 'messaging_action', 'keep'],
    reassign: INVALID,
    transfer: INVALID,
  },
  on_hold: {
    assign: INVALID,
    handoff: INVALID,
    hold: INVALID,
    resume: ['work_in_progress', 'agent_resume', 'keep'],
    end: ['closed_complete', 'agent_ended', 'keep'],
    complete_wrap_up: INVALID,
    reopen: INVALID,
    set_state: ['closed_abandoned', 'messaging_action', 'keep'],
    reassign: ['new', 'reassigned', 'clear'],
    transfer: ['new', 'transferred', 'clear'],
  },
  work_in_progress: {
    assign: INVALID,
    handoff: INVALID,
    hold: ['on_hold', 'agent_hold', 'keep'],
    resume: INVALID,
    end: ['closed_complete', 'agent_ended', 'keep'],
    complete_wrap_up: INVALID,
    reopen: INVALID,
    set_state: ['closed_abandoned', 'messaging_action', 'keep'],
    reassign: ['new', 'reassigned', 'clear'],
    transfer: ['new', 'transferred', 'clear'],
  },
  wrap_up: {
    assign: INVALID,
    handoff: INVALID,
    hold: INVALID,
    resume: INVALID,
    end: INVALID,
    complete_wrap_up: ['closed_complete', 'wrap_up_completed', 'keep'],
    reopen: INVALID,
    set_state: ['closed_abandoned', 'messaging_action', 'keep'],
    reassign: INVALID,
    transfer: INVALID,
  },
  closed_complete: {
    assign: CLOSED,
    handoff: CLOSED,
    hold: CLOSED,
    resume: CLOSED,
    end: CLOSED,
    complete_wrap_up: CLOSED,
    reopen: ['work_in_progress', 'requester_reopened', 'keep'],
    set_state: CLOSED,
    reassign: CLOSED,
    transfer: CLOSED,
  },
  closed_abandoned: {
    assign: CLOSED,
    handoff: CLOSED,
    hold: CLOSED,
    resume: CLOSED,
    end: CLOSED,
    complete_wrap_up: CLOSED,
    reopen: ['work_in_progress', 'requester_reopened', 'keep'],
    set_state: CLOSED,
    reassign: CLOSED,
    transfer: CLOSED,
  },
};

function expectCell(result: TransitionResult, cell: Cell): void {
  if (typeof cell === 'string') {
    expect(result).toEqual({ ok: false, code: cell, message: expect.any(String) });
    return;
  }
  const [to, cause, assignee] = cell;
  expect(result).toMatchObject({ ok: true, to, cause, assignee: { kind: assignee } });
}

function refusal(result: TransitionResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${result.to} (${result.cause})`);
  return result.message;
}

describe('transition: every state × every event', () => {
  it('the table covers exactly the exported states and events', () => {
    expect(Object.keys(matrix).sort()).toEqual([...INTERACTION_STATES].sort());
    for (const row of Object.values(matrix)) {
      expect(Object.keys(row).sort()).toEqual([...TRANSITION_EVENT_TYPES].sort());
    }
  });

  const pairs = INTERACTION_STATES.flatMap((state) =>
    TRANSITION_EVENT_TYPES.map((type) => [state, type] as const),
  );

  it.each(pairs)('%s + %s', (state, type) => {
    const { event, actor } = sample[type];
    expectCell(transition(state, event, actor, options), matrix[state][type]);
  });

  it.each(pairs.filter(([state, type]) => matrix[state][type] === INVALID))(
    'the refusal of %s + %s names the state and the event',
    (state, type) => {
      const { event, actor } = sample[type];
      const message = refusal(transition(state, event, actor, options));
      expect(message).toContain(state);
      expect(message).toContain(type);
    },
  );

  it('checks the state before the actor: a requester holding a closed interaction hears it is closed', () => {
    expect(transition('closed_complete', { type: 'hold' }, requester, options)).toMatchObject({
      code: CLOSED,
    });
    expect(transition('on_hold', { type: 'hold' }, requester, options)).toMatchObject({ code: INVALID });
  });

  it('uses only causes of the contract and only the listed error codes', () => {
    for (const row of Object.values(matrix)) {
      for (const cell of Object.values(row)) {
        if (typeof cell === 'string') expect(Object.values(TRANSITION_ERROR_CODES)).toContain(cell);
        else expect(STATE_CHANGE_CAUSES).toContain(cell[1]);
      }
    }
  });
});

describe('transition: who may cause each event', () => {
  const actors = { alice, bob, carol, dave, mia, requester, va, system };
  type ActorName = keyof typeof actors;

  /** Each event in a state where it is legal; the actors' answers are the table below. */
  const legalIn: Record<TransitionEventType, InteractionState> = {
    assign: 'new',
    handoff: 'new',
    hold: 'work_in_progress',
    resume: 'on_hold',
    end: 'work_in_progress',
    complete_wrap_up: 'wrap_up',
    reopen: 'closed_complete',
    set_state: 'new',
    reassign: 'work_in_progress',
    transfer: 'work_in_progress',
  };

  // alice: the assignee; bob: another agent; carol: a manager, dave: an admin (neither assigned);
  // mia: a manager who is the assignee. The sample assign names alice.
  const who: Record<TransitionEventType, Record<ActorName, Cell>> = {
    assign: {
      alice: ['work_in_progress', 'agent_initiated', 'set'],
      bob: NOT_ALLOWED,
      carol: NOT_ALLOWED,
      dave: NOT_ALLOWED,
      mia: NOT_ALLOWED,
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: ['work_in_progress', 'routing_assigned', 'set'],
    },
    handoff: {
      alice: NOT_ALLOWED,
      bob: NOT_ALLOWED,
      carol: NOT_ALLOWED,
      dave: NOT_ALLOWED,
      mia: NOT_ALLOWED,
      requester: NOT_ALLOWED,
      va: ['new', 'va_handoff', 'clear'],
      system: NOT_ALLOWED,
    },
    hold: {
      alice: ['on_hold', 'agent_hold', 'keep'],
      bob: NOT_ASSIGNEE,
      carol: ['on_hold', 'agent_hold', 'keep'],
      dave: ['on_hold', 'agent_hold', 'keep'],
      mia: ['on_hold', 'agent_hold', 'keep'],
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: NOT_ALLOWED,
    },
    resume: {
      alice: ['work_in_progress', 'agent_resume', 'keep'],
      bob: NOT_ASSIGNEE,
      carol: ['work_in_progress', 'agent_resume', 'keep'],
      dave: ['work_in_progress', 'agent_resume', 'keep'],
      mia: ['work_in_progress', 'agent_resume', 'keep'],
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: NOT_ALLOWED,
    },
    end: {
      alice: ['closed_complete', 'agent_ended', 'keep'],
      bob: NOT_ASSIGNEE,
      carol: ['closed_complete', 'manager_ended', 'keep'],
      dave: ['closed_complete', 'manager_ended', 'keep'],
      mia: ['closed_complete', 'agent_ended', 'keep'],
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: ['closed_complete', 'system_ended', 'keep'],
    },
    complete_wrap_up: {
      alice: ['closed_complete', 'wrap_up_completed', 'keep'],
      bob: NOT_ASSIGNEE,
      carol: ['closed_complete', 'wrap_up_completed', 'keep'],
      dave: ['closed_complete', 'wrap_up_completed', 'keep'],
      mia: ['closed_complete', 'wrap_up_completed', 'keep'],
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: NOT_ALLOWED,
    },
    reopen: {
      alice: NOT_ALLOWED,
      bob: NOT_ALLOWED,
      carol: NOT_ALLOWED,
      dave: NOT_ALLOWED,
      mia: NOT_ALLOWED,
      requester: ['work_in_progress', 'requester_reopened', 'keep'],
      va: NOT_ALLOWED,
      system: NOT_ALLOWED,
    },
    set_state: {
      alice: NOT_ALLOWED,
      bob: NOT_ALLOWED,
      carol: NOT_ALLOWED,
      dave: NOT_ALLOWED,
      mia: NOT_ALLOWED,
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: ['closed_abandoned', 'messaging_action', 'keep'],
    },
    reassign: {
      alice: NOT_ALLOWED,
      bob: NOT_ALLOWED,
      carol: ['new', 'reassigned', 'clear'],
      dave: ['new', 'reassigned', 'clear'],
      mia: ['new', 'reassigned', 'clear'],
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: ['new', 'reassigned', 'clear'],
    },
    transfer: {
      alice: ['new', 'transferred', 'clear'],
      bob: NOT_ASSIGNEE,
      carol: ['new', 'transferred', 'clear'],
      dave: ['new', 'transferred', 'clear'],
      mia: ['new', 'transferred', 'clear'],
      requester: NOT_ALLOWED,
      va: NOT_ALLOWED,
      system: NOT_ALLOWED,
    },
  };

  const cases = TRANSITION_EVENT_TYPES.flatMap((type) =>
    (Object.keys(actors) as ActorName[]).map((name) => [type, name] as const),
  );

  it.each(cases)('%s by %s', (type, name) => {
    expectCell(transition(legalIn[type], sample[type].event, actors[name], options), who[type][name]);
  });

  it('I5: an agent ends their own conversation', () => {
    expect(
      transition('work_in_progress', { type: 'end', outcome: 'complete' }, alice, options),
    ).toMatchObject({ ok: true, to: 'closed_complete', cause: 'agent_ended' });
  });

  it('I5: an agent cannot end another agent’s conversation', () => {
    expect(transition('work_in_progress', { type: 'end', outcome: 'complete' }, bob, options)).toMatchObject({
      ok: false,
      code: 'NOT_ASSIGNEE',
    });
  });

  it.each([
    ['a manager', carol],
    ['an admin', dave],
  ])('I5: %s ends another agent’s conversation', (_label, actor) => {
    expect(transition('on_hold', { type: 'end', outcome: 'abandoned' }, actor, options)).toMatchObject({
      ok: true,
      to: 'closed_abandoned',
      cause: 'manager_ended',
    });
  });

  it('A1: an agent who starts a conversation assigns it to themselves', () => {
    expect(transition('new', { type: 'assign', agentId: 'bob' }, bob, options)).toMatchObject({
      ok: true,
      to: 'work_in_progress',
      cause: 'agent_initiated',
      assignee: { kind: 'set', agentId: 'bob' },
    });
  });

  it('W6: routing’s assignment names the accepted agent', () => {
    expect(transition('new', { type: 'assign', agentId: 'bob' }, system, options)).toMatchObject({
      ok: true,
      assignee: { kind: 'set', agentId: 'bob' },
    });
  });

  it('the virtual agent ends a conversation it still has, and closes it without wrap-up', () => {
    expect(transition('new', { type: 'end', outcome: 'complete' }, va, withWrapUp)).toMatchObject({
      ok: true,
      to: 'closed_complete',
      cause: 'va_ended',
      pendingOutcome: null,
    });
  });

  it.each(['on_hold', 'work_in_progress'] as const)(
    'the virtual agent cannot end a conversation an agent has (%s)',
    (state) => {
      expect(transition(state, { type: 'end', outcome: 'complete' }, va, options)).toMatchObject({
        ok: false,
        code: NOT_ALLOWED,
      });
    },
  );

  it('A3: the system ends a conversation that a new one replaces, without wrap-up', () => {
    expect(transition('new', { type: 'end', outcome: 'complete' }, system, withWrapUp)).toMatchObject({
      ok: true,
      to: 'closed_complete',
      cause: 'system_ended',
    });
  });

  it('W10: the assignee transfers their conversation on hold: back to new, nobody’s', () => {
    expect(transition('on_hold', { type: 'transfer' }, alice, options)).toEqual({
      ok: true,
      to: 'new',
      cause: 'transferred',
      assignee: { kind: 'clear' },
      pendingOutcome: null,
    });
  });

  it('W10: a manager transfers another agent’s conversation; another agent may not', () => {
    expect(transition('work_in_progress', { type: 'transfer' }, carol, options)).toMatchObject({
      ok: true,
      cause: 'transferred',
    });
    expect(transition('work_in_progress', { type: 'transfer' }, bob, options)).toMatchObject({
      ok: false,
      code: NOT_ASSIGNEE,
    });
  });

  it('W10: a conversation nobody holds yet, or one wrapping up, cannot be transferred', () => {
    expect(transition('new', { type: 'transfer' }, carol, options)).toMatchObject({ code: INVALID });
    expect(transition('wrap_up', { type: 'transfer' }, alice, withWrapUp)).toMatchObject({ code: INVALID });
  });

  it('M5: a plain agent cannot reassign, not even their own conversation', () => {
    expect(transition('work_in_progress', { type: 'reassign' }, alice, options)).toMatchObject({
      code: NOT_ALLOWED,
    });
  });
});

describe('transition: wrap-up', () => {
  it.each(['new', 'on_hold', 'work_in_progress'] as const)(
    'with wrap-up on, ending from %s goes to wrap_up and remembers the outcome',
    (state) => {
      expect(transition(state, { type: 'end', outcome: 'abandoned' }, mia, withWrapUp)).toEqual({
        ok: true,
        to: 'wrap_up',
        cause: 'agent_ended',
        assignee: { kind: 'keep' },
        pendingOutcome: 'abandoned',
      });
    },
  );

  it.each([
    ['complete', 'closed_complete'],
    ['abandoned', 'closed_abandoned'],
  ] as const)('with wrap-up off, ending with outcome %s closes as %s', (outcome, closed) => {
    expect(transition('work_in_progress', { type: 'end', outcome }, alice, options)).toEqual({
      ok: true,
      to: closed,
      cause: 'agent_ended',
      assignee: { kind: 'keep' },
      pendingOutcome: null,
    });
  });

  it('I5: a manager ending another agent’s conversation with wrap-up on leaves it in wrap_up', () => {
    expect(
      transition('work_in_progress', { type: 'end', outcome: 'complete' }, carol, withWrapUp),
    ).toMatchObject({
      ok: true,
      to: 'wrap_up',
      cause: 'manager_ended',
      pendingOutcome: 'complete',
    });
  });

  it.each([
    ['complete', 'closed_complete'],
    ['abandoned', 'closed_abandoned'],
  ] as const)('completing wrap-up of an end with outcome %s closes as %s', (pendingOutcome, closed) => {
    expect(transition('wrap_up', { type: 'complete_wrap_up', pendingOutcome }, alice, withWrapUp)).toEqual({
      ok: true,
      to: closed,
      cause: 'wrap_up_completed',
      assignee: { kind: 'keep' },
      pendingOutcome: null,
    });
  });

  it('an interaction in wrap_up cannot be ended again', () => {
    const result = transition('wrap_up', { type: 'end', outcome: 'complete' }, alice, withWrapUp);
    expect(result).toMatchObject({ ok: false, code: INVALID });
  });

  it('M5: a messaging action closes an interaction left in wrap_up', () => {
    expect(
      transition('wrap_up', { type: 'set_state', to: 'closed_abandoned' }, system, withWrapUp),
    ).toMatchObject({ ok: true, to: 'closed_abandoned', cause: 'messaging_action' });
  });
});

describe('transition: messaging action "Set state" (M5)', () => {
  it.each(['closed_complete', 'closed_abandoned'] as const)('M5: sets %s without wrap-up', (to) => {
    expect(transition('work_in_progress', { type: 'set_state', to }, system, withWrapUp)).toMatchObject({
      ok: true,
      to,
      cause: 'messaging_action',
      pendingOutcome: null,
    });
  });

  it.each(['new', 'on_hold', 'work_in_progress', 'wrap_up'] as const)('M5: refuses to set %s', (to) => {
    expect(transition('work_in_progress', { type: 'set_state', to }, system, options)).toMatchObject({
      ok: false,
      code: 'INVALID_TARGET_STATE',
    });
  });
});

describe('transition: reopen window (R4)', () => {
  const WINDOW = 10 * MINUTE;
  const reopen = (closedAgoMs: number, toPreviousAgent = true): TransitionEvent => ({
    type: 'reopen',
    closedAt: new Date(NOW.getTime() - closedAgoMs),
    toPreviousAgent,
  });
  const windowOf = (reopenWindowMs: number): TransitionOptions => ({ ...options, reopenWindowMs });

  it('R4: a window of 0 (the default) never reopens, however recent the close', () => {
    expect(transition('closed_complete', reopen(1), requester, windowOf(0))).toMatchObject({
      ok: false,
      code: 'REOPEN_DISABLED',
    });
  });

  it('R4: a message just inside the window reopens to the previous agent', () => {
    expect(transition('closed_complete', reopen(WINDOW - 1), requester, windowOf(WINDOW))).toEqual({
      ok: true,
      to: 'work_in_progress',
      cause: 'requester_reopened',
      assignee: { kind: 'keep' },
      pendingOutcome: null,
    });
  });

  it('R4: a message exactly one window after the close is too late', () => {
    expect(transition('closed_complete', reopen(WINDOW), requester, windowOf(WINDOW))).toMatchObject({
      ok: false,
      code: 'REOPEN_WINDOW_PASSED',
    });
  });

  it('R4: a message just after the window is too late', () => {
    expect(transition('closed_abandoned', reopen(WINDOW + 1), requester, windowOf(WINDOW))).toMatchObject({
      ok: false,
      code: 'REOPEN_WINDOW_PASSED',
    });
  });

  it('R4: a message at the moment of closing reopens', () => {
    expect(transition('closed_abandoned', reopen(0), requester, windowOf(WINDOW))).toMatchObject({
      ok: true,
    });
  });

  it('R4: a close stamped after now (clock skew) counts as inside the window', () => {
    expect(transition('closed_complete', reopen(-MINUTE), requester, windowOf(WINDOW))).toMatchObject({
      ok: true,
    });
  });

  it('R4: when the previous agent is not available, the reopened interaction is routed again', () => {
    expect(transition('closed_complete', reopen(MINUTE, false), requester, windowOf(WINDOW))).toEqual({
      ok: true,
      to: 'new',
      cause: 'requester_reopened',
      assignee: { kind: 'clear' },
      pendingOutcome: null,
    });
  });

  it.each(['new', 'on_hold', 'work_in_progress', 'wrap_up'] as const)(
    'an interaction that is still open (%s) cannot be reopened',
    (state) => {
      expect(transition(state, reopen(MINUTE), requester, windowOf(WINDOW))).toMatchObject({
        ok: false,
        code: INVALID,
      });
    },
  );
});
