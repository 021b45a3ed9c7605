import {
  ACTIONS_PER_INTERACTION,
  armingLeadMs,
  burstSchedule,
  envInteger,
  envNumber,
  interactionsOf,
  md5Uuid,
  orderedUuid,
  procStatusKb,
  rearmTarget,
  seededTimer,
  steadySchedule,
} from './timer-schedule';

describe('md5Uuid', () => {
  it("is Postgres' md5(text)::uuid", () => {
    // As PostgreSQL 15 answered SELECT md5('timer-0')::uuid, md5('')::uuid.
    expect(md5Uuid('timer-0')).toBe('f7ecbf8f-a0f3-a488-0def-a621c805d47d');
    expect(md5Uuid('')).toBe('d41d8cd9-8f00-b204-e980-0998ecf8427e');
  });
});

describe('orderedUuid', () => {
  it('grows with n, and is what the seed writes in SQL', () => {
    // As PostgreSQL answered ('00000000-0000-7000-8000-' || lpad(to_hex(499999), 12, '0'))::uuid.
    expect(orderedUuid(499_999)).toBe('00000000-0000-7000-8000-00000007a11f');
    expect(orderedUuid(0) < orderedUuid(1)).toBe(true);
    expect(orderedUuid(15) < orderedUuid(16)).toBe(true);
  });
});

describe('seededTimer', () => {
  it('gives the timers of one interaction one action each, and every timer its own ids', () => {
    const [first, second, third] = [0, 1, 2].map(seededTimer);
    expect(ACTIONS_PER_INTERACTION).toBe(2);
    expect(first!.interactionId).toBe(second!.interactionId);
    expect(first!.actionId).not.toBe(second!.actionId);
    expect(third!.interactionId).not.toBe(first!.interactionId);
    expect(third!.actionId).toBe(first!.actionId);
    expect(new Set([first, second, third].map((timer) => timer!.id)).size).toBe(3);
    expect(seededTimer(0)).toEqual(first);
  });

  it('counts the interactions, the last one possibly with a single timer', () => {
    expect(interactionsOf(1_000_000)).toBe(500_000);
    expect(interactionsOf(3)).toBe(2);
  });
});

describe('rearmTarget', () => {
  it('gives each worker its own interactions, all of them covered, wrapping around', () => {
    const seen = new Set<number>();
    for (let worker = 0; worker < 4; worker += 1)
      for (let step = 0; step < 5; step += 1) seen.add(rearmTarget(worker, 4, step, 20));
    expect(seen.size).toBe(20);
    expect(rearmTarget(1, 4, 5, 20)).toBe(1);
  });
});

describe('schedules', () => {
  it('steady: one deadline every 1000/rate ms', () => {
    expect(steadySchedule(1_000, 500, 4)).toEqual([1_000, 1_002, 1_004, 1_006]);
    expect(steadySchedule(0, 3, 4)).toEqual([0, 333, 666, 1_000]);
  });

  it('burst: spread over the window, all inside it', () => {
    const deadlines = burstSchedule(5_000, 100_000, 1_000);
    expect(deadlines).toHaveLength(100_000);
    expect(deadlines[0]).toBe(5_000);
    expect(deadlines.at(-1)).toBe(5_999);
    expect(deadlines.every((at, i) => i === 0 || at >= deadlines[i - 1]!)).toBe(true);
  });
});

describe('armingLeadMs', () => {
  it('leaves twice as long as arming should take and a second, at least the minimum', () => {
    expect(armingLeadMs(10_000, 5_000, 2_000)).toBe(5_000);
    expect(armingLeadMs(10, 5_000, 2_000)).toBe(2_000);
    expect(armingLeadMs(10, 0, 2_000)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('procStatusKb', () => {
  const status = ['Name:\tnode', 'VmHWM:\t  123456 kB', 'VmRSS:\t   98765 kB', 'Threads:\t11'].join('\n');

  it('reads a field in kB', () => {
    expect(procStatusKb(status, 'VmRSS')).toBe(98_765);
    expect(procStatusKb(status, 'VmHWM')).toBe(123_456);
  });

  it('is NaN for a field that is not there', () => {
    expect(procStatusKb(status, 'VmSwap')).toBeNaN();
  });
});

describe('envNumber', () => {
  it('reads a number, with underscores, or falls back when unset or empty', () => {
    expect(envNumber('N', 7, { N: '1_000_000' })).toBe(1_000_000);
    expect(envNumber('N', 7, {})).toBe(7);
    expect(envNumber('N', 7, { N: ' ' })).toBe(7);
  });

  it('refuses what is not a positive number', () => {
    expect(() => envNumber('N', 7, { N: 'abc' })).toThrow('N must be a positive number');
    expect(() => envNumber('N', 7, { N: '0' })).toThrow('N must be a positive number');
  });
});

describe('envInteger', () => {
  it('reads a whole number and refuses a fraction', () => {
    expect(envInteger('N', 4, { N: '16' })).toBe(16);
    expect(envInteger('N', 4, {})).toBe(4);
    expect(() => envInteger('N', 4, { N: '2.5' })).toThrow('N must be a whole number');
  });
});
