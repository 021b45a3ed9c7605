import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServiceProcess, spawnService } from '@threadline/testkit';
import { LEVELS, levelOf } from './log-levels';

export interface ProcessSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
}

/** What the supervisor saw of one process over the run. */
export interface ProcessRecord {
  name: string;
  starts: number;
  /** Exits the supervisor did not ask for (a fault's SIGKILL, a crash), each followed by a restart. */
  unexpectedExits: number;
  errorLogs: number;
  /** The last few error lines, for the report. */
  lastErrors: string[];
}

const RESTART_DELAY_MS = 500;
const START_TIMEOUT_MS = 90_000;

/**
 * Keeps each process running: whatever exits is started again, with the same environment and
 * port, until `stopAll`. This is the run's stand-in for an orchestrator's restart policy.
 */
export class Supervisor {
  private readonly running = new Map<string, ServiceProcess>();
  private readonly loops: Array<Promise<void>> = [];
  readonly records = new Map<string, ProcessRecord>();
  private stopping = false;

  constructor(private readonly say: (line: string) => void) {}

  /** Starts `spec` and keeps it running; resolves once its first start listens. */
  start(spec: ProcessSpec): Promise<void> {
    const record: ProcessRecord = {
      name: spec.name,
      starts: 0,
      unexpectedExits: 0,
      errorLogs: 0,
      lastErrors: [],
    };
    this.records.set(spec.name, record);
    return new Promise((resolveFirst, rejectFirst) => {
      this.loops.push(this.keepRunning(spec, record, resolveFirst, rejectFirst));
    });
  }

  private async keepRunning(
    spec: ProcessSpec,
    record: ProcessRecord,
    firstStarted: () => void,
    firstFailed: (error: Error) => void,
  ): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let process: ServiceProcess;
      try {
        process = await spawnService(spec.entry, spec.env, START_TIMEOUT_MS, {
          onLog: (line) => this.noteLog(record, line),
        });
      } catch (error) {
        failures += 1;
        // The first start happens on healthy servers: failing there is a broken build, not chaos.
        if (record.starts === 0 && failures >= 3) {
          firstFailed(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        this.say(`supervisor: ${spec.name} did not start (${firstLine(error)}); trying again`);
        await sleep(RESTART_DELAY_MS * 2);
        continue;
      }
      if (this.stopping) {
        await process.stop('SIGTERM');
        return;
      }
      record.starts += 1;
      failures = 0;
      this.running.set(spec.name, process);
      if (record.starts === 1) firstStarted();
      else this.say(`supervisor: ${spec.name} is running again`);
      const [code, signal] = (await exitOf(process)) as [number | null, NodeJS.Signals | null];
      this.running.delete(spec.name);
      if (this.stopping) return;
      record.unexpectedExits += 1;
      this.say(`supervisor: ${spec.name} exited (${signal ?? `code ${code}`}); restarting it`);
      await sleep(RESTART_DELAY_MS);
    }
  }

  private noteLog(record: ProcessRecord, line: Record<string, unknown>): void {
    // CHAOS_LOG_DIR keeps every warning and error of each process, to find out why a run failed.
    const level = levelOf(line.level);
    const logDir = process.env.CHAOS_LOG_DIR;
    if (logDir && level >= LEVELS.warn)
      appendFileSync(join(logDir, `${record.name}.log`), `${JSON.stringify(line)}\n`);
    if (level < LEVELS.error) return;
    record.errorLogs += 1;
    const text = `${JSON.stringify(line.msg ?? line.message ?? '')} ${JSON.stringify(line.err ?? line.error ?? '')}`;
    record.lastErrors.push(text.slice(0, 300));
    if (record.lastErrors.length > 5) record.lastErrors.shift();
  }

  /** SIGKILL to `name`, as a crash; the supervisor starts it again. False when it was not running. */
  kill(name: string): boolean {
    const process = this.running.get(name);
    if (!process || process.child.exitCode !== null) return false;
    process.child.kill('SIGKILL');
    return true;
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Stops everything gracefully (SIGTERM) and resolves when every process exited. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map((process) => process.stop('SIGTERM')));
    await Promise.allSettled(this.loops);
  }
}

function exitOf(process: ServiceProcess): Promise<unknown[]> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) {
    return Promise.resolve([process.child.exitCode, process.child.signalCode]);
  }
  return once(process.child, 'exit');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? '';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
