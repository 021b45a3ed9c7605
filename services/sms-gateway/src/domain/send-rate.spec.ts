import {
  LocalSendSchedule,
  DEFAULT_THROTTLE_BACKOFF_MS,
  isNumberType,
  MAX_THROTTLE_BACKOFF_MS,
  segmentSpacingMs,
  segmentsOf,
  throttleBackoffMs,
} from './send-rate';

describe('send rates', () => {
  it('knows the three number types and nothing else', () => {
    expect(['long_code', 'toll_free', 'short_code'].every(isNumberType)).toBe(true);
    expect(isNumberType('landline')).toBe(false);
    expect(isNumberType('LONG_CODE')).toBe(false);
  });

  it('S4: a send costs its segments, and an empty body one', () => {
    expect(segmentsOf('')).toBe(1);
    expect(segmentsOf('hello')).toBe(1);
    expect(segmentsOf('a'.repeat(160))).toBe(1);
    expect(segmentsOf('a'.repeat(161))).toBe(2);
    expect(segmentsOf('a'.repeat(153 * 3))).toBe(3);
    expect(segmentsOf('é'.repeat(10) + 'ü'.repeat(60))).toBe(1);
    expect(segmentsOf('ж'.repeat(71))).toBe(2);
  });

  it('spaces segments evenly: 1000 ms divided by the rate', () => {
    expect(segmentSpacingMs(1)).toBe(1000);
    expect(segmentSpacingMs(4)).toBe(250);
    expect(segmentSpacingMs(0.5)).toBe(2000);
    expect(segmentSpacingMs(100)).toBe(10);
  });

  it('refuses a rate that is not a positive finite number', () => {
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => segmentSpacingMs(rate)).toThrow(RangeError);
    }
  });

  describe('throttle back-off (Retry-After)', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');

    it('reads seconds', () => {
      expect(throttleBackoffMs('5', now)).toBe(5_000);
      expect(throttleBackoffMs(' 2.5 ', now)).toBe(2_500);
    });

    it('reads an HTTP date', () => {
      expect(throttleBackoffMs('Tue, 01 Dec 2026 12:00:07 GMT', now)).toBe(7_000);
    });

    it('takes the default when absent or unreadable', () => {
      for (const header of [null, undefined, '', 'soon', '-3']) {
        expect(throttleBackoffMs(header, now)).toBe(DEFAULT_THROTTLE_BACKOFF_MS);
      }
    });

    it('never pauses less than the default nor longer than the maximum', () => {
      expect(throttleBackoffMs('0', now)).toBe(DEFAULT_THROTTLE_BACKOFF_MS);
      expect(throttleBackoffMs('Tue, 01 Dec 2026 11:59:00 GMT', now)).toBe(DEFAULT_THROTTLE_BACKOFF_MS);
      expect(throttleBackoffMs('3600', now)).toBe(MAX_THROTTLE_BACKOFF_MS);
    });
  });
});

describe('LocalSendSchedule (while Redis is away)', () => {
  it('spaces a number’s sends by one spacing per segment, in booking order', () => {
    const schedule = new LocalSendSchedule();
    expect(schedule.book('+1', 1, 1000, 0)).toBe(0);
    expect(schedule.book('+1', 2, 1000, 0)).toBe(1000);
    expect(schedule.book('+1', 1, 1000, 500)).toBe(2500);
  });

  it('starts afresh once the number was idle, and keeps numbers apart', () => {
    const schedule = new LocalSendSchedule();
    schedule.book('+1', 1, 1000, 0);
    expect(schedule.book('+2', 1, 1000, 0)).toBe(0);
    expect(schedule.book('+1', 1, 1000, 5000)).toBe(0);
  });

  it('a pause holds back new turns, and sends booked before it book again', () => {
    const schedule = new LocalSendSchedule();
    schedule.book('+1', 1, 100, 0);
    schedule.pause('+1', 2000, 0);
    expect(schedule.book('+1', 1, 100, 10)).toBe(1990);
    expect(schedule.bookAgainIfPaused('+1', 1, 100, 500)).toBe(1600);
    expect(schedule.bookAgainIfPaused('+1', 1, 100, 2500)).toBe(0);
  });

  it('forgets a number idle for over a second, so the map does not grow', () => {
    const schedule = new LocalSendSchedule();
    schedule.book('+1', 1, 10, 0);
    schedule.book('+2', 1, 10, 5000);
    expect((schedule as unknown as { nextFree: Map<string, number> }).nextFree.has('+1')).toBe(false);
  });
});
