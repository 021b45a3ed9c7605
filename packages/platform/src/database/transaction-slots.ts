import type { DataSource } from 'typeorm';

/**
 * Connections of a pool that consumers' transactions leave free. A handler may need a second
 * connection while its transaction holds one (a cached catalogue read on a connection of its own,
 * the outbox relay's batch); if every pooled connection were held by such handlers, each would
 * wait for a connection none of them gives back until node-postgres' acquire timeout fails them
 * all, over and over. Found by the chaos run once the pools were budgeted (decision 46).
 */
export const CONNECTIONS_KEPT_FREE = 1;

/** node-postgres' pool size when none is configured. */
const DEFAULT_POOL_SIZE = 10;

/** Runs at most `size` tasks at a time, the others waiting in arrival order. */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`slots need a size of at least 1, got ${size}`);
  }

  get inUse(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so `running` stays as it is.
      if (next) next();
      else this.running--;
    }
  }
}

const slotsOfDataSource = new WeakMap<DataSource, Slots>();

/** How many transactions consumers may hold at once on a pool of `poolSize`. */
export function transactionSlotCount(poolSize: number | undefined): number {
  return Math.max(1, (poolSize ?? DEFAULT_POOL_SIZE) - CONNECTIONS_KEPT_FREE);
}

/** The one set of transaction slots of `dataSource`, shared by every consumer of the process. */
export function transactionSlotsOf(dataSource: DataSource): Slots {
  let slots = slotsOfDataSource.get(dataSource);
  if (!slots) {
    const poolSize = (dataSource.options as { poolSize?: number }).poolSize;
    slots = new Slots(transactionSlotCount(poolSize));
    slotsOfDataSource.set(dataSource, slots);
  }
  return slots;
}
