import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { procStatusKb } from './timer-schedule';

/** The timer benchmark's child processes: started, watched, measured and stopped. */

/** Every child started, so that a failing or interrupted run stops them all. */
export const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills the children still running (an interrupted or failed run). */
export function killChildren(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The resident set size and its peak so far of a running process, in kB. */
export async function memoryOf(pid: number): Promise<{ rssKb: number; peakKb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { rssKb: procStatusKb(status, 'VmRSS'), peakKb: procStatusKb(status, 'VmHWM') };
}

/** Resolves when the child exits; after `graceMs` it is killed. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(killer);
}

/** The last `lines` lines a child wrote, to explain why it failed. */
export function tail(output: string[], lines = 20): string {
  return output.join('').split('\n').slice(-lines).join('\n');
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** What it wrote to stdout and stderr. */
  output: string[];
  /** Milliseconds from spawn until /healthz answered 200. */
  healthyAfterMs: number;
}

/**
 * Starts `node <main>` with `env` (HTTP_PORT chosen here) and resolves once its /healthz
 * answers 200; fails if it exits first or does not answer within `timeoutMs`.
 */
export async function startService(
  main: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServiceProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${main} exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${tail(output)}`,
      );
    }
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { child, url, output, healthyAfterMs: performance.now() - started };
    await sleep(200);
  }
  await stop(child, 'SIGKILL');
  throw new Error(`${main} was not healthy after ${timeoutMs} ms:\n${tail(output)}`);
}

/** The RSS of a Node.js process that does nothing, `settleMs` after it started. */
export async function bareNodeMemory(settleMs: number): Promise<{ rssKb: number; peakKb: number }> {
  const child = track(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }));
  try {
    await sleep(settleMs);
    return await memoryOf(child.pid!);
  } finally {
    await stop(child, 'SIGKILL');
  }
}
