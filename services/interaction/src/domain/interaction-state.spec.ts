import {
  countsAgainstCapacity,
  INTERACTION_STATES,
  type InteractionState,
  isFinal,
} from './interaction-state';

const open: InteractionState[] = ['new', 'on_hold', 'work_in_progress', 'wrap_up'];
const closed: InteractionState[] = ['closed_complete', 'closed_abandoned'];

describe('interaction states', () => {
  it('lists the six states of the contract', () => {
    expect([...INTERACTION_STATES].sort()).toEqual([...open, ...closed].sort());
  });

  it.each(closed)('%s is final', (state) => expect(isFinal(state)).toBe(true));
  it.each(open)('%s is not final', (state) => expect(isFinal(state)).toBe(false));
});

describe('countsAgainstCapacity', () => {
  const expected: Record<InteractionState, boolean> = {
    new: true,
    work_in_progress: true,
    on_hold: false,
    wrap_up: true,
    closed_complete: false,
    closed_abandoned: false,
  };

  it.each(['new', 'work_in_progress'] as const)(
    'W4: an interaction in %s counts against capacity',
    (state) => {
      expect(countsAgainstCapacity(state)).toBe(true);
    },
  );

  it('W4: an interaction on_hold does not count against capacity', () => {
    expect(countsAgainstCapacity('on_hold')).toBe(false);
  });

  it('W4 (ours): an interaction in wrap_up still counts, so no new work is offered during wrap-up', () => {
    expect(countsAgainstCapacity('wrap_up')).toBe(true);
  });

  it.each(closed)('I4: a completed interaction (%s) frees its capacity', (state) => {
    expect(countsAgainstCapacity(state)).toBe(false);
  });

  it.each(INTERACTION_STATES.map((state) => [state, expected[state]] as const))(
    'every state is decided: %s counts = %s',
    (state, counts) => expect(countsAgainstCapacity(state)).toBe(counts),
  );
});
