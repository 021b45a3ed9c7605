import { closedSinceEnqueued, followInteraction } from './follow-interaction';

const OLDER = '01960000-0000-7000-8000-000000000001';
const NEWER = '01960000-0000-7000-8000-000000000002';

describe('followInteraction', () => {
  it.each([
    ['closed_complete', 'close'],
    ['closed_abandoned', 'close'],
    ['on_hold', 'hold'],
    ['work_in_progress', 'count'],
    ['wrap_up', 'count'],
    ['new', 'ignore'],
  ] as const)('an interaction moving to %s means %s for its work item', (to, expected) => {
    expect(followInteraction(to, NEWER, OLDER)).toBe(expected);
    expect(followInteraction(to, NEWER, null)).toBe(expected);
  });

  it('W4: an older event arriving after a newer one changes nothing (a late hold after the resume)', () => {
    expect(followInteraction('on_hold', OLDER, NEWER)).toBe('ignore');
    expect(followInteraction('closed_complete', OLDER, NEWER)).toBe('ignore');
  });

  it('the same event delivered twice is applied once', () => {
    expect(followInteraction('on_hold', NEWER, NEWER)).toBe('ignore');
  });
});

describe('closedSinceEnqueued', () => {
  it('an enqueue issued before the interaction closed is ignored', () => {
    expect(closedSinceEnqueued(OLDER, NEWER)).toBe(true);
  });

  it('an enqueue issued after the close (a reopened conversation) is routed', () => {
    expect(closedSinceEnqueued(NEWER, OLDER)).toBe(false);
  });

  it('an interaction that never closed is routed', () => {
    expect(closedSinceEnqueued(OLDER, null)).toBe(false);
  });
});
