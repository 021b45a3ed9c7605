import { cpuDelta, groupCpuMs, parseProcStat, ticksToMs } from './process-cpu';

// A real line's shape: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
// cmajflt utime stime cutime cstime priority ...
const line = (comm: string, utime: number, stime: number, cutime = 0, cstime = 0) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1200 0 3 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 11 0 9876 1234567 890`;

describe('CPU time from /proc/<pid>/stat', () => {
  it('reads user and system ticks, and those of reaped children apart', () => {
    expect(parseProcStat(line('node', 250, 40, 7, 3))).toEqual({
      pid: 4242,
      comm: 'node',
      ownTicks: 290,
      reapedChildTicks: 10,
    });
  });

  it('counts fields from the last parenthesis, whatever the name holds', () => {
    expect(parseProcStat(line('a) b (c', 5, 6))).toMatchObject({ comm: 'a) b (c', ownTicks: 11 });
  });

  it('refuses what is not a stat line', () => {
    expect(() => parseProcStat('no parentheses here')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (x) S 1 2')).toThrow(/no field 14/);
  });

  it('turns ticks into milliseconds at the kernel’s 100 ticks per second', () => {
    expect(ticksToMs(150)).toBe(1500);
    expect(ticksToMs(150, 1000)).toBe(150);
  });

  it('adds a group’s live processes and the children they reaped (a database’s past backends)', () => {
    const postmaster = parseProcStat(line('postgres', 10, 5, 300, 100));
    const backend = parseProcStat(line('postgres', 80, 20));
    expect(groupCpuMs([postmaster, backend])).toBe(5150);
    expect(groupCpuMs([])).toBe(0);
  });

  it('gives what each group used between two readings, leaving out a group not in both', () => {
    const before = new Map([
      ['routing', 1000],
      ['postgres', 5000],
      ['gone', 10],
    ]);
    const after = new Map([
      ['routing', 1750],
      ['postgres', 9000],
      ['new', 40],
    ]);
    expect(cpuDelta(before, after)).toEqual([
      { group: 'routing', cpuMs: 750 },
      { group: 'postgres', cpuMs: 4000 },
    ]);
  });
});
