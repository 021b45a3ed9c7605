import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const exact = { baseMs: 100, maxMs: 1_000, jitter: 0 };

  it('doubles from the base with every attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, exact))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than the cap', () => {
    expect(retryDelayMs(5, exact)).toBe(1_000);
    expect(retryDelayMs(500, exact)).toBe(1_000);
  });

  it('treats attempt 0 or less as the first retry', () => {
    expect(retryDelayMs(0, exact)).toBe(100);
    expect(retryDelayMs(-3, exact)).toBe(100);
  });

  it('spreads the delay by the jitter fraction both ways', () => {
    const settings = { baseMs: 1_000, maxMs: 10_000, jitter: 0.2 };
    expect(retryDelayMs(1, settings, () => 0)).toBe(800);
    expect(retryDelayMs(1, settings, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(1, settings, () => 0.999999)).toBe(1_200);
  });
});
