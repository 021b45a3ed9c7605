import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Every JSON log line the process wrote so far. */
  logs: Array<Record<string, unknown>>;
  /** Every line it wrote so far, standard output and error, as written (JSON or not). */
  output: string[];
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  /**
   * Gets every JSON log line instead of `logs`, which then stays empty, as does `output`: a
   * process that runs for many minutes under load (chaos runs) would otherwise keep all its logs
   * in memory.
   */
  onLog?: (record: Record<string, unknown>) => void;
}

/**
 * Runs a built service binary (`dist/main.js`) as a real process and resolves once it logs
 * the URL it listens on. Rejects with the process's own last words if it exits first.
 */
export async function spawnService(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
  options: SpawnOptions = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const output: string[] = [];
  const stderr: string[] = [];
  const keep = (line: string) => {
    if (!options.onLog) output.push(line);
  };
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  createInterface({ input: child.stderr }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Nobody will stop a process that never said it listens: stop it here.
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms: ${stderr.join('')}`));
    }, timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        if (options.onLog) options.onLog(record);
        else logs.push(record);
        if (typeof record.url === 'string' && String(record.message).includes('listening')) {
          clearTimeout(timer);
          resolve(record.url);
        }
      } catch {
        stderr.push(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening: ${stderr.join('')}`));
    });
  });
  return {
    url,
    child,
    logs,
    output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
