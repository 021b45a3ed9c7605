import { type Logger } from 'pino';

/**
 * Work that outlives the request that started it (status progressions of outbound messages).
 * Every task gets the current abort signal, so a reset or shutdown stops its pending sleeps and
 * requests instead of letting it write into state that was just cleared.
 */
export class BackgroundTasks {
  private controller = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Aborted by the next `cancelAll()`; pass it to work that should stop with the tasks. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `task` without awaiting it; a failure is logged, never thrown. */
  start(name: string, task: (signal: AbortSignal) => Promise<void>): void {
    const { signal } = this.controller;
    const promise = task(signal)
      .catch((error: unknown) => {
        if (!signal.aborted) this.logger.error({ err: error, task: name }, 'background task failed');
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  cancelAll(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }

  /** Resolves once every task started so far has settled. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
