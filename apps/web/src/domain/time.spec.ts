import { formatCountdown, formatDuration, formatInstant } from './time';

describe('formatDuration', () => {
  it.each([
    [-5, '0 s'],
    [999, '0 s'],
    [45_000, '45 s'],
    [60_000, '1 min'],
    [3_599_000, '59 min'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
    [86_400_000, '1 d'],
    [2 * 86_400_000 + 3 * 3_600_000, '2 d 3 h'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatCountdown', () => {
  it.each([
    [0, '0 s'],
    [-10_000, '0 s'],
    [1, '1 s'],
    [59_000, '59 s'],
    [65_000, '1 min 05 s'],
    [7_200_000, '2 h'],
  ])('%i ms ahead reads %s', (ahead, text) => {
    expect(formatCountdown(1_000_000 + ahead, 1_000_000)).toBe(text);
  });
});

describe('formatInstant', () => {
  it('gives only the time for today and the date for another day', () => {
    const now = new Date('2026-12-01T15:00:00');
    expect(formatInstant('2026-12-01T09:30:00', now)).not.toMatch(/Dec/);
    expect(formatInstant('2026-11-28T09:30:00', now)).toMatch(/Nov|11/);
  });
});
