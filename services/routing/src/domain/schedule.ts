export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * When a queue is active, as local times in `timeZone`. A window is [from, to) on each of its
 * days, 'HH:MM' on a 24-hour clock; `to` may be '24:00' (the end of the day). A window never
 * crosses midnight: a night shift is two windows.
 */
export interface WeeklySchedule {
  timeZone: string;
  windows: Array<{ days: Weekday[]; from: string; to: string }>;
}

export interface ScheduleError {
  /** Where in the input, e.g. `schedule.windows[2].to`. */
  path: string;
  code: 'SCHEDULE_INVALID';
  message: string;
}

export type ScheduleValidation =
  { ok: true; schedule: WeeklySchedule } | { ok: false; errors: ScheduleError[] };

const MAX_WINDOWS = 50;
const SCHEDULE_KEYS = ['timeZone', 'windows'];
const WINDOW_KEYS = ['days', 'from', 'to'];

/**
 * Checks a schedule as it came over HTTP and returns it as plain JSON, or every error found,
 * each with the path of the part at fault.
 */
export function validateSchedule(input: unknown, path = 'schedule'): ScheduleValidation {
  const errors: ScheduleError[] = [];
  const report = (at: string, message: string): undefined => {
    errors.push({ path: at, code: 'SCHEDULE_INVALID', message });
    return undefined;
  };
  if (!isObject(input)) {
    report(path, 'a schedule is an object with timeZone and windows');
    return { ok: false, errors };
  }
  const extra = Object.keys(input).filter((key) => !SCHEDULE_KEYS.includes(key));
  if (extra.length > 0) report(path, `${unknownKeys(extra)}; a schedule has only timeZone and windows`);
  const timeZone = checkTimeZone(input.timeZone, `${path}.timeZone`, report);
  const windows = checkWindows(input.windows, `${path}.windows`, report);
  if (errors.length > 0 || timeZone === undefined || windows === undefined) return { ok: false, errors };
  return { ok: true, schedule: { timeZone, windows } };
}

type Report = (path: string, message: string) => undefined;

function checkTimeZone(input: unknown, path: string, report: Report): string | undefined {
  if (typeof input !== 'string') {
    return report(path, 'timeZone is an IANA time zone name such as Europe/Paris');
  }
  // Intl also takes UTC offsets such as +05:30; they are no IANA zone and follow no region's
  // daylight saving time, which is what a schedule in local time is for.
  if (/^[+-]/.test(input) || !isKnownTimeZone(input)) {
    return report(path, `unknown time zone ${JSON.stringify(input)}; use an IANA name such as Europe/Paris`);
  }
  return input;
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function checkWindows(input: unknown, path: string, report: Report): WeeklySchedule['windows'] | undefined {
  if (!Array.isArray(input)) return report(path, 'windows is a list of { days, from, to }');
  if (input.length === 0) return report(path, 'a schedule has at least one window');
  // The entries of an overlong list are not read: the length is the thing to fix, and the list may be huge.
  if (input.length > MAX_WINDOWS) {
    return report(path, `a schedule has at most ${MAX_WINDOWS} windows; got ${input.length}`);
  }
  const windows = input.map((window, index) => checkWindow(window, `${path}[${index}]`, report));
  return windows.every((window) => window !== undefined) ? windows : undefined;
}

function checkWindow(
  input: unknown,
  path: string,
  report: Report,
): WeeklySchedule['windows'][number] | undefined {
  if (!isObject(input)) return report(path, 'a window is an object with days, from and to');
  const extra = Object.keys(input).filter((key) => !WINDOW_KEYS.includes(key));
  if (extra.length > 0) report(path, `${unknownKeys(extra)}; a window has only days, from and to`);
  const days = checkDays(input.days, `${path}.days`, report);
  const from = checkTime(input.from, `${path}.from`, false, report);
  const to = checkTime(input.to, `${path}.to`, true, report);
  if (from !== undefined && to !== undefined && minuteOf(from) >= minuteOf(to)) {
    return report(
      `${path}.to`,
      `to (${to}) must be later than from (${from}); a window across midnight is two windows`,
    );
  }
  if (extra.length > 0 || days === undefined || from === undefined || to === undefined) return undefined;
  return { days, from, to };
}

function checkDays(input: unknown, path: string, report: Report): Weekday[] | undefined {
  if (!Array.isArray(input)) return report(path, `days is a list of weekdays (${WEEKDAYS.join(', ')})`);
  if (input.length === 0) return report(path, 'a window has at least one day');
  let valid = true;
  for (const [index, day] of input.entries()) {
    if (!isWeekday(day)) {
      valid = false;
      report(`${path}[${index}]`, `${shown(day)} is no weekday; use ${WEEKDAYS.join(', ')}`);
    } else if (input.indexOf(day) < index) {
      valid = false;
      report(`${path}[${index}]`, `${day} is listed twice`);
    }
  }
  return valid ? input.filter(isWeekday) : undefined;
}

function checkTime(input: unknown, path: string, mayBeEndOfDay: boolean, report: Report): string | undefined {
  const wellFormed =
    typeof input === 'string' &&
    (/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(input) || (mayBeEndOfDay && input === '24:00'));
  if (!wellFormed) {
    return report(
      path,
      `a time is 'HH:MM' on a 24-hour clock, from 00:00 to ${mayBeEndOfDay ? '24:00' : '23:59'}; got ${shown(input)}`,
    );
  }
  return input;
}

/**
 * Whether the schedule is open at the instant `at`: some window covers the local weekday and
 * time in the schedule's zone. In the hour daylight saving time skips, no local time exists, so
 * a window in that hour is not open; in the hour it repeats, a window is open both times.
 * `schedule` is one validateSchedule accepted: an unknown zone throws a RangeError.
 */
export function isOpenAt(schedule: WeeklySchedule, at: Date): boolean {
  const { weekday, minute } = localWeekdayAndMinute(schedule.timeZone, at);
  return schedule.windows.some(
    (window) =>
      window.days.includes(weekday) && minuteOf(window.from) <= minute && minute < minuteOf(window.to),
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-US and h23 fix the weekday names and the hour range (0-23: h24 would write midnight as 24).
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAY_OF: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

function localWeekdayAndMinute(timeZone: string, at: Date): { weekday: Weekday; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAY_OF[part('weekday')];
  if (weekday === undefined) throw new Error(`unexpected weekday ${part('weekday')} from Intl`);
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** Minutes since local midnight of a checked 'HH:MM' (24:00 is the end of the day). */
function minuteOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** A value for a message: scalars as JSON writes them, lists and objects by kind (they may be huge or cyclic). */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return `a ${typeof value}`;
}

function unknownKeys(keys: string[]): string {
  return `unknown ${keys.length === 1 ? 'key' : 'keys'} ${keys.map((key) => JSON.stringify(key)).join(', ')}`;
}

function isWeekday(value: unknown): value is Weekday {
  return typeof value === 'string' && (WEEKDAYS as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
