import type { Queue } from '../api/types';
import {
  movedOrder,
  NEW_WINDOW,
  newQueueDraft,
  queueChanges,
  queueDraft,
  queueFieldPaths,
  queueSettings,
  scheduleText,
} from './queue-form';

const QUEUE: Queue = {
  id: 'q1',
  name: 'Billing',
  active: true,
  condition: { all: [{ field: 'companyAddress', op: 'eq', value: '+15550100002' }] },
  schedule: { timeZone: 'Europe/Paris', windows: [{ days: ['mon', 'tue'], from: '09:00', to: '17:30' }] },
  assignmentRule: 'last_assigned',
  autoAssign: true,
  offerTimeoutSeconds: 60,
  offerTimeoutPresence: 'away',
  members: ['a1', 'a2'],
  position: 1,
  fallback: false,
  conditionText: 'companyAddress is +15550100002',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the queue form', () => {
  it('starts a new queue active, unscheduled, with routing’s defaults', () => {
    const draft = newQueueDraft('UTC');
    expect(queueSettings({ ...draft, name: 'VIP' })).toEqual({
      ok: true,
      settings: {
        name: 'VIP',
        active: true,
        condition: null,
        schedule: null,
        assignmentRule: 'most_capacity',
        autoAssign: false,
        offerTimeoutSeconds: null,
        offerTimeoutPresence: null,
        members: [],
      },
    });
    expect(draft.windows).toEqual([NEW_WINDOW]);
  });

  it('reads a queue and sends back the same settings, and no changes', () => {
    const result = queueSettings(queueDraft(QUEUE, 'UTC'));
    if (!result.ok) throw new Error('expected settings');
    expect(result.settings).toEqual({
      name: QUEUE.name,
      active: QUEUE.active,
      condition: QUEUE.condition,
      schedule: QUEUE.schedule,
      assignmentRule: QUEUE.assignmentRule,
      autoAssign: QUEUE.autoAssign,
      offerTimeoutSeconds: QUEUE.offerTimeoutSeconds,
      offerTimeoutPresence: QUEUE.offerTimeoutPresence,
      members: QUEUE.members,
    });
    expect(queueChanges(QUEUE, result.settings)).toEqual({});
  });

  it('sends only what changed', () => {
    const draft = { ...queueDraft(QUEUE, 'UTC'), active: false, members: ['a2'], scheduled: false };
    const result = queueSettings(draft);
    if (!result.ok) throw new Error('expected settings');
    expect(queueChanges(QUEUE, result.settings)).toEqual({ active: false, members: ['a2'], schedule: null });
  });

  it('orders a window’s days through the week and trims the time zone', () => {
    const draft = {
      ...newQueueDraft('UTC'),
      scheduled: true,
      timeZone: ' Europe/Paris ',
      windows: [{ days: ['sun', 'mon'] as const, from: '08:00', to: '12:00' }].map((w) => ({
        ...w,
        days: [...w.days],
      })),
    };
    const result = queueSettings(draft);
    expect(result.ok && result.settings.schedule).toEqual({
      timeZone: 'Europe/Paris',
      windows: [{ days: ['mon', 'sun'], from: '08:00', to: '12:00' }],
    });
  });

  it('refuses an offer timeout that is not a whole number, and a JSON condition that does not parse', () => {
    const draft = {
      ...newQueueDraft('UTC'),
      offerTimeoutSeconds: '1.5',
      condition: { mode: 'json' as const, text: '{' },
    };
    expect(queueSettings(draft)).toEqual({
      ok: false,
      problems: [
        { path: 'condition', message: 'this is not JSON' },
        { path: 'offerTimeoutSeconds', message: 'enter a whole number' },
      ],
    });
  });

  it('names every field by the API’s path, the schedule’s windows only when scheduled', () => {
    const draft = queueDraft(QUEUE, 'UTC');
    expect(queueFieldPaths(draft)).toEqual([
      'name',
      'active',
      'condition',
      'condition.all[0].field',
      'condition.all[0].op',
      'condition.all[0].value',
      'schedule',
      'schedule.timeZone',
      'schedule.windows',
      'schedule.windows[0].days',
      'schedule.windows[0].from',
      'schedule.windows[0].to',
      'assignmentRule',
      'autoAssign',
      'offerTimeoutSeconds',
      'offerTimeoutPresence',
      'members',
    ]);
    expect(queueFieldPaths({ ...draft, scheduled: false })).not.toContain('schedule.windows[0].from');
  });
});

describe('moving a queue in the routing order', () => {
  const queues = [
    { id: 'a', fallback: false },
    { id: 'b', fallback: false },
    { id: 'c', fallback: false },
    { id: 'f', fallback: true },
  ];

  it('swaps it with its neighbour and leaves the fallback out', () => {
    expect(movedOrder(queues, 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(movedOrder(queues, 'b', 1)).toEqual(['a', 'c', 'b']);
  });

  it('cannot move past either end, nor move the fallback or an unknown queue', () => {
    expect(movedOrder(queues, 'a', -1)).toBeNull();
    expect(movedOrder(queues, 'c', 1)).toBeNull();
    expect(movedOrder(queues, 'f', -1)).toBeNull();
    expect(movedOrder(queues, 'x', 1)).toBeNull();
  });
});

describe('scheduleText', () => {
  it('says when a queue is open', () => {
    expect(scheduleText(null)).toBe('Always open');
    expect(scheduleText(QUEUE.schedule)).toBe('mon, tue 09:00–17:30 (Europe/Paris)');
  });
});
