import {
  isOpenAt,
  type ScheduleError,
  validateSchedule,
  type Weekday,
  WEEKDAYS,
  type WeeklySchedule,
} from './schedule';

const officeHours: WeeklySchedule = {
  timeZone: 'UTC',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
};

type Window = WeeklySchedule['windows'][number];

function schedule(timeZone: string, ...windows: Window[]): WeeklySchedule {
  return { timeZone, windows };
}

function errorsOf(input: unknown, path?: string): ScheduleError[] {
  const result = validateSchedule(input, path);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.schedule)}`);
  return result.errors;
}

function window(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { days: ['mon'], from: '09:00', to: '17:00', ...overrides };
}

/** A valid schedule with `input` for its only window. */
function withWindow(input: unknown): unknown {
  return { timeZone: 'UTC', windows: [input] };
}

describe('validateSchedule: accepted schedules', () => {
  it.each<[string, WeeklySchedule]>([
    ['office hours', officeHours],
    [
      'a window to the end of the day (24:00)',
      schedule('UTC', { days: ['sat'], from: '18:00', to: '24:00' }),
    ],
    ['a whole day', schedule('UTC', { days: ['sun'], from: '00:00', to: '24:00' })],
    ['a one-minute window', schedule('UTC', { days: ['sun'], from: '23:58', to: '23:59' })],
    ['every day of the week', schedule('UTC', { days: [...WEEKDAYS], from: '08:00', to: '20:00' })],
    [
      'a night shift written as two windows',
      schedule(
        'Europe/Paris',
        { days: ['mon'], from: '22:00', to: '24:00' },
        { days: ['tue'], from: '00:00', to: '06:00' },
      ),
    ],
    [
      'overlapping windows',
      schedule(
        'UTC',
        { days: ['mon'], from: '09:00', to: '13:00' },
        { days: ['mon'], from: '12:00', to: '18:00' },
      ),
    ],
    [
      'a zone with a half-hour offset',
      schedule('Asia/Kolkata', { days: ['mon'], from: '09:00', to: '17:00' }),
    ],
    [
      'a zone east of the date line',
      schedule('Pacific/Auckland', { days: ['mon'], from: '09:00', to: '17:00' }),
    ],
    [
      '50 windows',
      schedule(
        'UTC',
        ...Array.from({ length: 50 }, (): Window => ({ days: ['mon'], from: '09:00', to: '10:00' })),
      ),
    ],
  ])('takes %s', (_rule, input) => {
    expect(validateSchedule(input)).toEqual({ ok: true, schedule: input });
  });

  it.each([
    'UTC',
    'Etc/UTC',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Auckland',
    'America/Argentina/Buenos_Aires',
  ])('takes the IANA zone %s', (timeZone) => {
    expect(validateSchedule({ ...officeHours, timeZone }).ok).toBe(true);
  });

  it('returns a copy that shares nothing with the input', () => {
    const input = { timeZone: 'UTC', windows: [{ days: ['mon'], from: '09:00', to: '17:00' }] };
    const result = validateSchedule(input);
    input.windows[0]!.days.push('tue');
    input.windows.push({ days: ['sun'], from: '00:00', to: '01:00' });
    expect(result).toEqual({
      ok: true,
      schedule: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '09:00', to: '17:00' }] },
    });
  });
});

describe('validateSchedule: SCHEDULE_INVALID', () => {
  it.each<[string, unknown, string, string]>([
    [
      'a schedule that is not an object',
      'weekdays',
      'schedule',
      'a schedule is an object with timeZone and windows',
    ],
    ['a schedule that is null', null, 'schedule', 'a schedule is an object'],
    ['a schedule that is a list', [officeHours], 'schedule', 'a schedule is an object'],
    [
      'an unknown key',
      { ...officeHours, holidays: [] },
      'schedule',
      'unknown key "holidays"; a schedule has only timeZone and windows',
    ],
    [
      'a missing time zone',
      { windows: officeHours.windows },
      'schedule.timeZone',
      'timeZone is an IANA time zone name',
    ],
    [
      'a time zone that is not a string',
      { ...officeHours, timeZone: 1 },
      'schedule.timeZone',
      'timeZone is an IANA time zone name',
    ],
    [
      'an unknown time zone',
      { ...officeHours, timeZone: 'Mars/Olympus_Mons' },
      'schedule.timeZone',
      'unknown time zone "Mars/Olympus_Mons"',
    ],
    ['an empty time zone', { ...officeHours, timeZone: '' }, 'schedule.timeZone', 'unknown time zone ""'],
    [
      'a UTC offset, which follows no daylight saving time',
      { ...officeHours, timeZone: '+05:30' },
      'schedule.timeZone',
      'unknown time zone "+05:30"',
    ],
    [
      'a negative UTC offset',
      { ...officeHours, timeZone: '-03:00' },
      'schedule.timeZone',
      'unknown time zone "-03:00"',
    ],
    ['missing windows', { timeZone: 'UTC' }, 'schedule.windows', 'windows is a list of { days, from, to }'],
    [
      'windows that are not a list',
      { timeZone: 'UTC', windows: window() },
      'schedule.windows',
      'windows is a list',
    ],
    [
      'no windows',
      { timeZone: 'UTC', windows: [] },
      'schedule.windows',
      'a schedule has at least one window',
    ],
    [
      '51 windows',
      { timeZone: 'UTC', windows: Array.from({ length: 51 }, () => window()) },
      'schedule.windows',
      'at most 50 windows; got 51',
    ],
    [
      'a window that is not an object',
      withWindow('mon 09:00-17:00'),
      'schedule.windows[0]',
      'a window is an object with days, from and to',
    ],
    [
      'a window with an unknown key',
      withWindow(window({ label: 'x' })),
      'schedule.windows[0]',
      'unknown key "label"; a window has only days, from and to',
    ],
    [
      'missing days',
      withWindow({ from: '09:00', to: '17:00' }),
      'schedule.windows[0].days',
      'days is a list of weekdays (mon, tue, wed, thu, fri, sat, sun)',
    ],
    [
      'days that are not a list',
      withWindow(window({ days: 'mon' })),
      'schedule.windows[0].days',
      'days is a list of weekdays',
    ],
    [
      'no days',
      withWindow(window({ days: [] })),
      'schedule.windows[0].days',
      'a window has at least one day',
    ],
    [
      'a day spelt out',
      withWindow(window({ days: ['mon', 'tuesday'] })),
      'schedule.windows[0].days[1]',
      '"tuesday" is no weekday; use mon, tue, wed, thu, fri, sat, sun',
    ],
    [
      'a day in capitals',
      withWindow(window({ days: ['Mon'] })),
      'schedule.windows[0].days[0]',
      '"Mon" is no weekday',
    ],
    [
      'a day as a number',
      withWindow(window({ days: [1] })),
      'schedule.windows[0].days[0]',
      '1 is no weekday',
    ],
    [
      'a day as an object',
      withWindow(window({ days: [{ day: 'mon' }] })),
      'schedule.windows[0].days[0]',
      'an object is no weekday',
    ],
    ['a time as null', withWindow(window({ to: null })), 'schedule.windows[0].to', 'got null'],
    [
      'a day listed twice',
      withWindow(window({ days: ['mon', 'tue', 'mon'] })),
      'schedule.windows[0].days[2]',
      'mon is listed twice',
    ],
    [
      'a missing from',
      withWindow({ days: ['mon'], to: '17:00' }),
      'schedule.windows[0].from',
      "a time is 'HH:MM' on a 24-hour clock, from 00:00 to 23:59; got nothing",
    ],
    [
      'a missing to',
      withWindow({ days: ['mon'], from: '09:00' }),
      'schedule.windows[0].to',
      "a time is 'HH:MM' on a 24-hour clock, from 00:00 to 24:00; got nothing",
    ],
    [
      'an hour without its leading zero',
      withWindow(window({ from: '9:00' })),
      'schedule.windows[0].from',
      'got "9:00"',
    ],
    ['seconds', withWindow(window({ from: '09:00:00' })), 'schedule.windows[0].from', 'got "09:00:00"'],
    ['a 12-hour time', withWindow(window({ to: '5:00 PM' })), 'schedule.windows[0].to', 'got "5:00 PM"'],
    ['minute 60', withWindow(window({ from: '12:60' })), 'schedule.windows[0].from', 'got "12:60"'],
    ['hour 25', withWindow(window({ to: '25:00' })), 'schedule.windows[0].to', 'got "25:00"'],
    [
      '24:00 as a start',
      withWindow(window({ from: '24:00', to: '24:00' })),
      'schedule.windows[0].from',
      'from 00:00 to 23:59; got "24:00"',
    ],
    ['past 24:00 as an end', withWindow(window({ to: '24:01' })), 'schedule.windows[0].to', 'got "24:01"'],
    ['a time as a number', withWindow(window({ from: 900 })), 'schedule.windows[0].from', 'got 900'],
    [
      'a window that ends when it starts',
      withWindow(window({ from: '09:00', to: '09:00' })),
      'schedule.windows[0].to',
      'to (09:00) must be later than from (09:00)',
    ],
    [
      'a window across midnight',
      withWindow(window({ from: '22:00', to: '06:00' })),
      'schedule.windows[0].to',
      'to (06:00) must be later than from (22:00); a window across midnight is two windows',
    ],
  ])('refuses %s', (_rule, input, path, message) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, code: 'SCHEDULE_INVALID' });
    expect(errors[0]!.message).toContain(message);
  });

  it('reports every error at once, each with its path', () => {
    const input = {
      timeZone: 'Nowhere/Special',
      windows: [
        window(),
        window({ days: ['mon', 'mon', 'funday'], from: '9am' }),
        window({ from: '18:00', to: '08:00' }),
        42,
        window({ days: [], to: '24:30', extra: 1 }),
      ],
    };
    expect(errorsOf(input).map((error) => error.path)).toEqual([
      'schedule.timeZone',
      'schedule.windows[1].days[1]',
      'schedule.windows[1].days[2]',
      'schedule.windows[1].from',
      'schedule.windows[2].to',
      'schedule.windows[3]',
      'schedule.windows[4]',
      'schedule.windows[4].days',
      'schedule.windows[4].to',
    ]);
  });

  it('does not read the windows of a list over the limit', () => {
    expect(
      errorsOf({ timeZone: 'UTC', windows: Array.from({ length: 51 }, () => 'junk') }).map((e) => e.path),
    ).toEqual(['schedule.windows']);
  });

  it('puts errors under the path it is given', () => {
    expect(errorsOf(withWindow(window({ to: '08:00' })), 'body.schedule')).toEqual([
      {
        path: 'body.schedule.windows[0].to',
        code: 'SCHEDULE_INVALID',
        message: 'to (08:00) must be later than from (09:00); a window across midnight is two windows',
      },
    ]);
  });
});

describe('isOpenAt', () => {
  describe('in UTC', () => {
    // 2026-01-05 is a Monday.
    const days: Array<[Weekday, string]> = WEEKDAYS.map((day, index) => [
      day,
      `2026-01-${String(5 + index).padStart(2, '0')}`,
    ]);

    it.each(days)('knows %s (%s)', (day, date) => {
      for (const other of WEEKDAYS) {
        const onOther = schedule('UTC', { days: [other], from: '09:00', to: '17:00' });
        expect(isOpenAt(onOther, new Date(`${date}T12:00:00Z`))).toBe(other === day);
      }
    });

    it.each<[string, string, boolean]>([
      ['closed before from', '2026-01-05T08:59:59.999Z', false],
      ['open at from (inclusive)', '2026-01-05T09:00:00Z', true],
      ['open in the window', '2026-01-05T12:34:00Z', true],
      ['open in the last minute', '2026-01-05T16:59:59.999Z', true],
      ['closed at to (exclusive)', '2026-01-05T17:00:00Z', false],
      ['closed at night', '2026-01-05T23:00:00Z', false],
      ['closed on a day not listed', '2026-01-10T12:00:00Z', false],
    ])('office hours are %s', (_rule, at, open) => {
      expect(isOpenAt(officeHours, new Date(at))).toBe(open);
    });

    it.each<[string, string, boolean]>([
      ['open in the last minute before 24:00', '2026-01-10T23:59:59.999Z', true],
      ['closed at midnight, the next day', '2026-01-11T00:00:00Z', false],
      ['closed before from', '2026-01-10T17:59:00Z', false],
    ])('a window to 24:00 is %s', (_rule, at, open) => {
      const evenings = schedule('UTC', { days: ['sat'], from: '18:00', to: '24:00' });
      expect(isOpenAt(evenings, new Date(at))).toBe(open);
    });

    it('is open all day for a window 00:00 to 24:00, and only that day', () => {
      const sunday = schedule('UTC', { days: ['sun'], from: '00:00', to: '24:00' });
      expect(isOpenAt(sunday, new Date('2026-01-11T00:00:00Z'))).toBe(true);
      expect(isOpenAt(sunday, new Date('2026-01-11T23:59:59.999Z'))).toBe(true);
      expect(isOpenAt(sunday, new Date('2026-01-10T23:59:59.999Z'))).toBe(false);
      expect(isOpenAt(sunday, new Date('2026-01-12T00:00:00Z'))).toBe(false);
    });

    it.each<[string, string, boolean]>([
      ['closed before the shift', '2026-01-05T21:59:00Z', false],
      ['open late on Monday', '2026-01-05T23:30:00Z', true],
      ['open at midnight into Tuesday', '2026-01-06T00:00:00Z', true],
      ['open early on Tuesday', '2026-01-06T05:59:00Z', true],
      ['closed when the shift ends', '2026-01-06T06:00:00Z', false],
      ['closed late on Tuesday, which starts no shift', '2026-01-06T23:00:00Z', false],
    ])('a night shift in two windows is %s', (_rule, at, open) => {
      const nights = schedule(
        'UTC',
        { days: ['mon'], from: '22:00', to: '24:00' },
        { days: ['tue'], from: '00:00', to: '06:00' },
      );
      expect(isOpenAt(nights, new Date(at))).toBe(open);
    });

    it('is open when any window is', () => {
      const split = schedule(
        'UTC',
        { days: ['mon'], from: '09:00', to: '12:00' },
        { days: ['mon'], from: '13:00', to: '17:00' },
      );
      expect(isOpenAt(split, new Date('2026-01-05T11:00:00Z'))).toBe(true);
      expect(isOpenAt(split, new Date('2026-01-05T12:30:00Z'))).toBe(false);
      expect(isOpenAt(split, new Date('2026-01-05T13:00:00Z'))).toBe(true);
    });
  });

  describe('in other zones', () => {
    const mondayNineToFive = (timeZone: string) =>
      schedule(timeZone, { days: ['mon'], from: '09:00', to: '17:00' });

    it.each<[string, string, boolean]>([
      ['closed at 09:00 UTC, 04:00 in New York (EST)', '2026-01-05T09:00:00Z', false],
      ['open at 14:00 UTC, 09:00 in New York (EST)', '2026-01-05T14:00:00Z', true],
      ['open at 21:59 UTC, 16:59 in New York (EST)', '2026-01-05T21:59:00Z', true],
      ['closed at 22:00 UTC, 17:00 in New York (EST)', '2026-01-05T22:00:00Z', false],
      ['open at 13:00 UTC in summer, 09:00 in New York (EDT)', '2026-07-06T13:00:00Z', true],
      ['closed at 12:59 UTC in summer, 08:59 in New York (EDT)', '2026-07-06T12:59:00Z', false],
      ['closed at 02:00 UTC on Tuesday, still Monday 21:00 in New York', '2026-01-06T02:00:00Z', false],
    ])('America/New_York: %s', (_rule, at, open) => {
      expect(isOpenAt(mondayNineToFive('America/New_York'), new Date(at))).toBe(open);
    });

    it.each<[string, string, boolean]>([
      ['closed at 03:29 UTC, 08:59 in Kolkata', '2026-01-05T03:29:00Z', false],
      ['open at 03:30 UTC, 09:00 in Kolkata', '2026-01-05T03:30:00Z', true],
      ['open at 11:29 UTC, 16:59 in Kolkata', '2026-01-05T11:29:00Z', true],
      ['closed at 11:30 UTC, 17:00 in Kolkata', '2026-01-05T11:30:00Z', false],
    ])('Asia/Kolkata (UTC+05:30): %s', (_rule, at, open) => {
      expect(isOpenAt(mondayNineToFive('Asia/Kolkata'), new Date(at))).toBe(open);
    });

    it.each<[string, string, boolean]>([
      ['open on Sunday 20:00 UTC, Monday 09:00 in Auckland (NZDT)', '2026-01-04T20:00:00Z', true],
      ['closed on Sunday 19:59 UTC, Monday 08:59 in Auckland', '2026-01-04T19:59:00Z', false],
      ['closed on Monday 09:00 UTC, Monday 22:00 in Auckland', '2026-01-05T09:00:00Z', false],
      ['open on Sunday 21:00 UTC in July, Monday 09:00 in Auckland (NZST)', '2026-07-05T21:00:00Z', true],
      ['closed on Sunday 20:00 UTC in July, Monday 08:00 in Auckland (NZST)', '2026-07-05T20:00:00Z', false],
    ])('Pacific/Auckland, across the date line: %s', (_rule, at, open) => {
      expect(isOpenAt(mondayNineToFive('Pacific/Auckland'), new Date(at))).toBe(open);
    });
  });

  describe('across daylight saving time in America/New_York', () => {
    // 2026-03-08: at 02:00 EST the clocks go to 03:00 EDT. 2026-11-01: at 02:00 EDT they go back to 01:00 EST.
    const sunday = (from: string, to: string) => schedule('America/New_York', { days: ['sun'], from, to });

    it.each<[string, string, string, string, boolean]>([
      ['the hour before the gap, open at 01:59 EST', '01:00', '02:00', '2026-03-08T06:59:00Z', true],
      ['the hour before the gap, closed at 03:00 EDT', '01:00', '02:00', '2026-03-08T07:00:00Z', false],
      ['the skipped hour, never open: 01:59 EST', '02:00', '03:00', '2026-03-08T06:59:00Z', false],
      ['the skipped hour, never open: 03:00 EDT', '02:00', '03:00', '2026-03-08T07:00:00Z', false],
      [
        'a window from 02:00, opening at 03:00 EDT when the clocks jump',
        '02:00',
        '04:00',
        '2026-03-08T07:00:00Z',
        true,
      ],
      [
        'a window from 03:00, opening one minute after 01:59 EST',
        '03:00',
        '04:00',
        '2026-03-08T07:00:00Z',
        true,
      ],
    ])('spring forward: %s', (_rule, from, to, at, open) => {
      expect(isOpenAt(sunday(from, to), new Date(at))).toBe(open);
    });

    it.each<[string, string, boolean]>([
      ['closed at 00:59 EDT', '2026-11-01T04:59:00Z', false],
      ['open at 01:00 EDT', '2026-11-01T05:00:00Z', true],
      ['open at 01:30 EDT, the first time', '2026-11-01T05:30:00Z', true],
      ['open at 01:00 EST, the hour again', '2026-11-01T06:00:00Z', true],
      ['open at 01:30 EST, the second time', '2026-11-01T06:30:00Z', true],
      ['closed at 02:00 EST', '2026-11-01T07:00:00Z', false],
    ])('fall back: a window 01:00 to 02:00 is %s', (_rule, at, open) => {
      expect(isOpenAt(sunday('01:00', '02:00'), new Date(at))).toBe(open);
    });

    it('fall back: a day window lasts 25 hours of real time', () => {
      const allSunday = sunday('00:00', '24:00');
      expect(isOpenAt(allSunday, new Date('2026-11-01T04:00:00Z'))).toBe(true); // 00:00 EDT
      expect(isOpenAt(allSunday, new Date('2026-11-02T04:59:00Z'))).toBe(true); // 23:59 EST
      expect(isOpenAt(allSunday, new Date('2026-11-02T05:00:00Z'))).toBe(false); // Monday 00:00 EST
    });
  });

  it('makes one formatter per zone, however often it is asked', () => {
    const made = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      const lisbon = schedule('Europe/Lisbon', { days: ['mon'], from: '09:00', to: '17:00' });
      for (let minute = 0; minute < 10; minute += 1)
        isOpenAt(lisbon, new Date(Date.UTC(2026, 0, 5, 9, minute)));
      expect(made).toHaveBeenCalledTimes(1);
    } finally {
      made.mockRestore();
    }
  });

  it('throws a RangeError for a zone validateSchedule would refuse', () => {
    expect(() =>
      isOpenAt(schedule('Mars/Olympus_Mons', { days: ['mon'], from: '09:00', to: '17:00' }), new Date()),
    ).toThrow(RangeError);
  });
});
