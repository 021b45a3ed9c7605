// Types of supervisor.cjs, for the TypeScript tests that require it.
import type { EventEmitter } from 'node:events';

export interface Backoff {
  initialMs: number;
  maxMs: number;
  stableAfterMs: number;
}

export interface SupervisedProcess {
  name: string;
  command: string;
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export const DEFAULT_BACKOFF: Readonly<Backoff>;
export function restartDelayMs(restart: number, backoff?: Backoff): number;
export function nextRestart(previousRestart: number, upForMs: number, backoff?: Backoff): number;
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string;
export function restartMessage(
  name: string,
  exit: { code: number | null; signal: NodeJS.Signals | null; delayMs: number; restart: number },
): string;
export function listeningUrl(line: string): string | undefined;

export class Supervisor extends EventEmitter {
  constructor(options: {
    processes: readonly SupervisedProcess[];
    log: (message: string) => void;
    onLine?: (name: string, line: string, stream: 'stdout' | 'stderr') => void;
    backoff?: Backoff;
  });
  start(): void;
  stop(options?: { force?: boolean }): void;
  stopOnSignals(): void;
}
