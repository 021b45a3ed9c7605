import { type InteractionState, isFinal, stateAfterAssignment } from './interaction-state';

const open: InteractionState[] = ['new', 'on_hold', 'work_in_progress', 'wrap_up'];
const closed: InteractionState[] = ['closed_complete', 'closed_abandoned'];

describe('interaction states', () => {
  it.each(closed)('%s is final', (state) => expect(isFinal(state)).toBe(true));
  it.each(open)('%s is not final', (state) => expect(isFinal(state)).toBe(false));

  it.each(open)('W6: assigning an interaction in %s makes it work_in_progress', (state) => {
    expect(stateAfterAssignment(state)).toBe('work_in_progress');
  });

  it.each(closed)('an assignment that arrives after the interaction ended (%s) is ignored', (state) => {
    expect(stateAfterAssignment(state)).toBeNull();
  });
});
