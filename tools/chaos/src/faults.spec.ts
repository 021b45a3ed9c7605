import { FAULT_KINDS, KILLABLE, planFaults, summariseFaults } from './faults';
import { SeededRandom } from './random';

describe('planFaults', () => {
  it('gives the same plan for the same seed, and another for another seed', () => {
    expect(planFaults(7, 600_000)).toEqual(planFaults(7, 600_000));
    expect(planFaults(7, 600_000)).not.toEqual(planFaults(8, 600_000));
  });

  it('injects every kind at least once, even in a 60-second run', () => {
    for (const seed of [1, 2, 3, 99]) {
      const kinds = new Set(planFaults(seed, 60_000).map((fault) => fault.kind));
      expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
    }
  });

  it('keeps faults inside the load, with a quiet first and last tenth, in order', () => {
    const plan = planFaults(3, 600_000);
    expect(plan.length).toBe(15);
    for (const fault of plan) {
      expect(fault.atMs).toBeGreaterThanOrEqual(60_000);
      expect(fault.atMs + fault.downMs).toBeLessThanOrEqual(540_000);
    }
    expect(plan.map((fault) => fault.atMs)).toEqual(
      [...plan.map((fault) => fault.atMs)].sort((a, b) => a - b),
    );
  });

  it('names a killable service for every kill and nothing for the others', () => {
    for (const fault of planFaults(5, 600_000)) {
      if (fault.kind === 'kill-service') expect(KILLABLE).toContain(fault.target);
      else expect(fault.target).toBeNull();
    }
  });
});

describe('summariseFaults', () => {
  it('counts each kind and keeps its slowest recovery, and never when none recovered', () => {
    const base = { atMs: 0, downMs: 0, target: null, injectedAtMs: 0 };
    const summary = summariseFaults([
      { ...base, kind: 'redis-down', recoveryMs: 2_000 },
      { ...base, kind: 'redis-down', recoveryMs: 5_000 },
      { ...base, kind: 'nats-restart', recoveryMs: null },
    ]);
    expect(summary.find((row) => row.kind === 'redis-down')).toEqual({
      kind: 'redis-down',
      count: 2,
      recovered: 2,
      worstRecoveryMs: 5_000,
    });
    expect(summary.find((row) => row.kind === 'nats-restart')).toEqual({
      kind: 'nats-restart',
      count: 1,
      recovered: 0,
      worstRecoveryMs: null,
    });
    expect(summary.find((row) => row.kind === 'kill-service')?.count).toBe(0);
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new SeededRandom(11);
    const b = new SeededRandom(11);
    const drawn = Array.from({ length: 100 }, () => a.int(3, 5));
    expect(drawn).toEqual(Array.from({ length: 100 }, () => b.int(3, 5)));
    expect(new Set(drawn)).toEqual(new Set([3, 4, 5]));
  });
});
