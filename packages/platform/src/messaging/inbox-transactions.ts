import { type Context, context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { transactionSlotsOf } from '../database/transaction-slots';
import { claimInboxBatch } from './inbox';

/** An effect to run once the transaction committed (see HandlerContext.afterCommit). */
export type AfterCommitEffect = () => Promise<void> | void;

/** One message's share of a transaction: its inbox record and, if new, its handler. */
export interface InboxWork {
  eventId: string;
  /** Runs the handler in `manager`'s transaction; it may be run again alone if its batch fails. */
  run(manager: EntityManager, afterCommit: (effect: AfterCommitEffect) => void): Promise<void>;
}

export interface InboxWorkResult {
  /** False when the inbox already held the event: the handler did not run. */
  handled: boolean;
  /** What the handler asked to run after commit, in the order it asked. */
  afterCommit: AfterCommitEffect[];
}

export interface InboxTransactionsSettings {
  dataSource: DataSource;
  schema: string;
  consumer: string;
  /** Messages in one transaction at most; 1 gives each message a transaction of its own. */
  maxBatch: number;
  /** Transactions of this consumer open at once. */
  maxParallel: number;
  logger: Logger;
  /** Told of each batch that failed and was handled again one message at a time. */
  onFallback?: (size: number) => void;
  /** Told of the size of each transaction run. */
  onBatch?: (size: number) => void;
}

interface Queued {
  work: InboxWork;
  /** The context active when the work was submitted, so its statements join its trace. */
  context: Context;
  resolve(result: InboxWorkResult): void;
  reject(error: unknown): void;
}

/**
 * Handles a consumer's messages several to a transaction when they arrive together: one
 * multi-row inbox insert, each new message's handler in turn, one commit. Under load this turns
 * a transaction per message into a fraction of one, and with it the round trips, commits and
 * outbox NOTIFYs (decision 52).
 *
 * The guarantees are those of a transaction per message: a message's effect commits with its
 * inbox record or not at all, and it is acknowledged only after that commit. When any handler of
 * a batch throws, the whole batch rolls back and each of its messages is handled again alone, in
 * submission order, so one message's failure is only its own (retried or dead-lettered by the
 * consumer) and never another's. Handlers therefore must not act outside the transaction (a
 * provider call); a consumer whose handler does, takes one message per transaction.
 *
 * Messages of one ordering key are never in the same batch: the consumer submits the next one of
 * a key only after the previous one finished.
 */
export class InboxTransactions {
  private readonly queue: Queued[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly settings: InboxTransactionsSettings) {
    if (!Number.isInteger(settings.maxBatch) || settings.maxBatch < 1)
      throw new RangeError(`a batch holds at least one message, not ${settings.maxBatch}`);
    if (!Number.isInteger(settings.maxParallel) || settings.maxParallel < 1)
      throw new RangeError(`at least one transaction must be allowed, not ${settings.maxParallel}`);
  }

  /** Resolves once the work's transaction committed; rejects with its handler's error. */
  submit(work: InboxWork): Promise<InboxWorkResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ work, context: context.active(), resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts the next batch on the next turn of the event loop, so messages pulled together, whose
   * submissions follow each other within microtasks, share it.
   */
  private schedule(): void {
    if (this.scheduled || this.running >= this.settings.maxParallel) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.queue.length > 0 && this.running < this.settings.maxParallel) {
      const batch = this.queue.splice(0, this.settings.maxBatch);
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        // What queued while this batch ran is there already: no need to wait a turn.
        this.startBatches();
      });
    }
  }

  private async runBatch(batch: Queued[]): Promise<void> {
    this.settings.onBatch?.(batch.length);
    let results: InboxWorkResult[];
    try {
      results = await this.transaction(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      this.settings.onFallback?.(batch.length);
      this.settings.logger.debug(
        { err: error, consumer: this.settings.consumer, size: batch.length },
        'batch rolled back; handling its messages one at a time',
      );
      for (const queued of batch) {
        try {
          const [result] = await this.transaction([queued]);
          queued.resolve(result!);
        } catch (alone) {
          queued.reject(alone);
        }
      }
      return;
    }
    for (const [index, queued] of batch.entries()) queued.resolve(results[index]!);
  }

  private transaction(batch: Queued[]): Promise<InboxWorkResult[]> {
    const { dataSource, schema, consumer } = this.settings;
    // Every consumer of the process shares the pool's transaction slots, which leave a
    // connection free for what a handler reads beside its transaction (transaction-slots.ts).
    return transactionSlotsOf(dataSource).run(() =>
      context.with(batch[0]!.context, () =>
        dataSource.transaction(async (manager) => {
          const claimed = await claimInboxBatch(
            manager,
            schema,
            consumer,
            batch.map((queued) => queued.work.eventId),
          );
          const results: InboxWorkResult[] = [];
          for (const queued of batch) {
            // The same event twice in one batch is handled by its first copy only. Postgres
            // answers a uuid in lower case, whatever case the envelope wrote it in.
            const isNew = claimed.delete(queued.work.eventId.toLowerCase());
            const afterCommit: AfterCommitEffect[] = [];
            if (isNew)
              await context.with(queued.context, () =>
                queued.work.run(manager, (effect) => afterCommit.push(effect)),
              );
            results.push({ handled: isNew, afterCommit });
          }
          return results;
        }),
      ),
    );
  }
}
