import { percentile, rate, runPool, summarise } from './stats';

describe('percentile', () => {
  const samples = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank', () => {
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarise', () => {
  it('sorts before it ranks', () => {
    expect(summarise([5, 1, 3, 2, 4])).toEqual({ p50: 3, p99: 5, max: 5 });
  });
});

describe('runPool', () => {
  it('runs every task once with no more than the given concurrency', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool(50, 4, async (index) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(index);
      active -= 1;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(4);
  });
});

describe('rate', () => {
  it('is per second', () => {
    expect(rate(500, 250)).toBe(2000);
  });
});
