import { MAX_RETRY_DELAY_MS, retryPlan } from './retry';

describe('retryPlan', () => {
  it('doubles the wait from the base after each failed firing', () => {
    expect([0, 1, 2, 3].map((attempts) => retryPlan(attempts, 1_000, 10))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('never waits more than a minute', () => {
    expect(retryPlan(8, 1_000, 20)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryPlan(18, 1_000, 20)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('gives up once the last attempt failed', () => {
    expect(retryPlan(8, 1_000, 10)).toBe(60_000);
    expect(retryPlan(9, 1_000, 10)).toBe('give_up');
    expect(retryPlan(0, 1_000, 1)).toBe('give_up');
  });
});
