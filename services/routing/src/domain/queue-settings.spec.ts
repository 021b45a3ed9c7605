import { checkQueueSettings, reorder } from './queue-settings';

const base = { condition: null, schedule: null, offerTimeoutPresence: null, active: true };
const context = { fallback: false, presenceStates: ['available', 'away', 'offline'] };

describe('queue settings (SPEC W2)', () => {
  it('accepts a queue with no condition and no schedule (it matches everything, always)', () => {
    expect(checkQueueSettings(base, context)).toEqual({ ok: true, condition: null, schedule: null });
  });

  it('keeps a valid condition and schedule, normalised', () => {
    const checked = checkQueueSettings(
      {
        ...base,
        condition: { field: 'companyAddress', op: 'eq', value: '+1 555 010 0001' },
        schedule: { timeZone: 'Europe/Paris', windows: [{ days: ['mon'], from: '09:00', to: '17:00' }] },
      },
      context,
    );
    expect(checked).toMatchObject({
      ok: true,
      condition: { field: 'companyAddress', op: 'eq', value: '+15550100001' },
      schedule: { timeZone: 'Europe/Paris' },
    });
  });

  it('reports every error of condition, schedule and timeout presence at once, each with its path', () => {
    const checked = checkQueueSettings(
      {
        ...base,
        condition: {
          all: [
            { field: 'nope', op: 'eq', value: 1 },
            { field: 'priority', op: 'gt', value: 'x' },
          ],
        },
        schedule: { timeZone: 'Mars/Olympus', windows: [] },
        offerTimeoutPresence: 'lunch',
      },
      context,
    );
    expect(checked.ok).toBe(false);
    const paths = checked.ok ? [] : checked.errors.map((error) => `${error.path} ${error.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'condition.all[0].field CONDITION_FIELD_UNKNOWN',
        'condition.all[1].value CONDITION_VALUE_INVALID',
        'schedule.timeZone SCHEDULE_INVALID',
        'schedule.windows SCHEDULE_INVALID',
        'offerTimeoutPresence PRESENCE_UNKNOWN',
      ]),
    );
  });

  it('the fallback queue keeps no condition, no schedule, and stays active', () => {
    const checked = checkQueueSettings(
      {
        condition: { field: 'identityConflict', op: 'eq', value: true },
        schedule: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '09:00', to: '17:00' }] },
        offerTimeoutPresence: null,
        active: false,
      },
      { ...context, fallback: true },
    );
    expect(checked.ok ? [] : checked.errors.map((error) => [error.path, error.code])).toEqual([
      ['condition', 'FALLBACK_QUEUE_FIXED'],
      ['schedule', 'FALLBACK_QUEUE_FIXED'],
      ['active', 'FALLBACK_QUEUE_FIXED'],
    ]);
  });
});

describe('reorder (SPEC W2)', () => {
  it('adds a new queue at the end by default, or at a 1-based position', () => {
    expect(reorder(['a', 'b'], 'c', null)).toEqual(['a', 'b', 'c']);
    expect(reorder(['a', 'b'], 'c', 1)).toEqual(['c', 'a', 'b']);
    expect(reorder(['a', 'b'], 'c', 2)).toEqual(['a', 'c', 'b']);
    expect(reorder(['a', 'b'], 'c', 99)).toEqual(['a', 'b', 'c']);
  });

  it('moves an existing queue', () => {
    expect(reorder(['a', 'b', 'c'], 'c', 1)).toEqual(['c', 'a', 'b']);
    expect(reorder(['a', 'b', 'c'], 'a', 3)).toEqual(['b', 'c', 'a']);
  });
});
