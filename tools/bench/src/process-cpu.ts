import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU time per process from the kernel's own accounting (/proc/<pid>/stat), so a figure does not
 * depend on how busy the machine was while it was measured: a process that waited for a core
 * used no more CPU for it.
 */

/** Linux reports times in clock ticks; 100 per second on every architecture Node runs on here. */
export const TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  /** The executable's name as the kernel keeps it (15 characters at most). */
  comm: string;
  /** Ticks spent in user and kernel mode by the process itself. */
  ownTicks: number;
  /** Ticks of its children that exited and were waited for (a database server's past backends). */
  reapedChildTicks: number;
}

/**
 * Reads one /proc/<pid>/stat line. The name sits in parentheses and may itself hold spaces or
 * parentheses, so the fields are counted from the last `)`: after it come state (field 3), ...,
 * utime (14), stime (15), cutime (16) and cstime (17).
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  const fields = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (number: number) => {
    const value = Number(fields[number - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc/<pid>/stat has no field ${number}`);
    return value;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ownTicks: field(14) + field(15),
    reapedChildTicks: field(16) + field(17),
  };
}

/** Milliseconds of CPU a process and the children it has reaped used, from `ticks`. */
export function ticksToMs(ticks: number, ticksPerSecond = TICKS_PER_SECOND): number {
  return (ticks * 1000) / ticksPerSecond;
}

/** One group's CPU so far: every process in it, live, plus the children they reaped. */
export function groupCpuMs(stats: readonly ProcStat[], ticksPerSecond = TICKS_PER_SECOND): number {
  return ticksToMs(
    stats.reduce((sum, stat) => sum + stat.ownTicks + stat.reapedChildTicks, 0),
    ticksPerSecond,
  );
}

/** CPU milliseconds per group between two readings; a group missing from either is left out. */
export function cpuDelta(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Array<{ group: string; cpuMs: number }> {
  const rows: Array<{ group: string; cpuMs: number }> = [];
  for (const [group, end] of after) {
    const start = before.get(group);
    if (start !== undefined) rows.push({ group, cpuMs: Math.max(0, end - start) });
  }
  return rows;
}

async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // gone between listing and reading
  }
}

/** Every live process whose kernel name is one of `comms`, read now. */
export async function processesNamed(comms: readonly string[]): Promise<ProcStat[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const stats = await Promise.all(pids.map(readStat));
  return stats.filter((stat): stat is ProcStat => stat !== null && comms.includes(stat.comm));
}

/**
 * What the benchmark watches: its own services by pid, and the servers by name (Postgres runs a
 * process per connection, which the server reaps when the connection ends).
 */
export interface CpuGroups {
  services: Record<string, number[]>;
  servers: Record<string, string[]>;
}

/** CPU milliseconds of each group so far. */
export async function readCpu(groups: CpuGroups): Promise<Map<string, number>> {
  const readings = new Map<string, number>();
  for (const [group, pids] of Object.entries(groups.services)) {
    const stats = (await Promise.all(pids.map(readStat))).filter((stat): stat is ProcStat => stat !== null);
    readings.set(group, groupCpuMs(stats));
  }
  const named = await processesNamed(Object.values(groups.servers).flat());
  for (const [group, comms] of Object.entries(groups.servers))
    readings.set(group, groupCpuMs(named.filter((stat) => comms.includes(stat.comm))));
  return readings;
}
