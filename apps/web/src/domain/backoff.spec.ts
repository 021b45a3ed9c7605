import { reconnectDelayMs } from './backoff';

describe('reconnectDelayMs', () => {
  const options = { baseMs: 500, maxMs: 15_000 };

  it.each([
    [0, 0, 250],
    [0, 0.999999, 500],
    [1, 0, 500],
    [3, 0.5, 3_000],
    [10, 0, 7_500],
    [10, 0.999999, 15_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(reconnectDelayMs(attempt, random, options)).toBe(expected);
  });

  it('never waits longer than the ceiling, however many attempts failed', () => {
    expect(reconnectDelayMs(1_000, 0.999999, options)).toBeLessThanOrEqual(15_000);
  });
});
