import pino from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { InboxTransactions, type InboxWork } from './inbox-transactions';

/**
 * A data source whose transactions are recorded instead of run: each holds the event ids its
 * inbox insert claimed and the statements its handlers sent. A transaction whose handler throws
 * is "rolled back" (not recorded as committed). The inbox remembers what committed.
 */
class FakeDatabase {
  readonly committed: Array<{ claimed: string[]; statements: string[] }> = [];
  readonly inbox = new Set<string>();
  open = 0;
  peakOpen = 0;

  readonly dataSource = {
    options: { poolSize: 10 },
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      this.open++;
      this.peakOpen = Math.max(this.peakOpen, this.open);
      const claimed: string[] = [];
      const statements: string[] = [];
      const pending = new Set<string>();
      const manager = {
        query: async (sql: string, parameters: unknown[]) => {
          await Promise.resolve();
          if (sql.includes('.inbox')) {
            // Like Postgres: a uuid comes back in lower case.
            const ids = (parameters[1] as string[]).map((id) => id.toLowerCase());
            const fresh = ids.filter((id) => !this.inbox.has(id) && !pending.has(id));
            for (const id of fresh) pending.add(id);
            claimed.push(...ids);
            return [...new Set(fresh)].map((id) => ({ event_id: id }));
          }
          statements.push(sql);
          return [];
        },
      } as unknown as EntityManager;
      try {
        const result = await work(manager);
        for (const id of pending) this.inbox.add(id);
        this.committed.push({ claimed, statements });
        return result;
      } finally {
        this.open--;
      }
    },
  } as unknown as DataSource;
}

function transactions(database: FakeDatabase, maxBatch: number, maxParallel: number) {
  const fallbacks: number[] = [];
  const sizes: number[] = [];
  const batcher = new InboxTransactions({
    dataSource: database.dataSource,
    schema: 'svc',
    consumer: 'c',
    maxBatch,
    maxParallel,
    logger: pino({ level: 'silent' }),
    onFallback: (size) => fallbacks.push(size),
    onBatch: (size) => sizes.push(size),
  });
  return { batcher, fallbacks, sizes };
}

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function work(
  eventId: string,
  effect: (manager: EntityManager) => Promise<unknown> = () => Promise.resolve(),
): InboxWork {
  return {
    eventId,
    run: async (manager, afterCommit) => {
      await manager.query(`effect ${eventId}`, []);
      await effect(manager);
      afterCommit(() => undefined);
    },
  };
}

describe('InboxTransactions', () => {
  it('puts what is submitted in one turn of the event loop into one transaction, in order', async () => {
    const database = new FakeDatabase();
    const { batcher, sizes } = transactions(database, 16, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(work(id(n)))));

    expect(database.committed).toHaveLength(1);
    expect(database.committed[0]!.statements).toEqual([1, 2, 3, 4, 5].map((n) => `effect ${id(n)}`));
    expect(sizes).toEqual([5]);
    expect(results.every((result) => result.handled && result.afterCommit.length === 1)).toBe(true);
  });

  it('holds no more than maxBatch messages in a transaction, nor more than maxParallel transactions open', async () => {
    const database = new FakeDatabase();
    const { batcher, sizes } = transactions(database, 4, 2);
    const slow = () => new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all(Array.from({ length: 18 }, (_, n) => batcher.submit(work(id(n), slow))));

    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(18);
    expect(Math.max(...sizes)).toBe(4);
    expect(database.peakOpen).toBe(2);
    expect(database.committed.flatMap((transaction) => transaction.claimed)).toHaveLength(18);
  });

  it('starts a message alone when nothing arrives with it', async () => {
    const database = new FakeDatabase();
    const { batcher, sizes } = transactions(database, 16, 2);
    await batcher.submit(work(id(1)));
    await batcher.submit(work(id(2)));
    expect(sizes).toEqual([1, 1]);
  });

  it('does not run the handler of an event its inbox holds, and says so', async () => {
    const database = new FakeDatabase();
    database.inbox.add(id(1));
    const { batcher } = transactions(database, 16, 1);
    const [old, fresh] = await Promise.all([batcher.submit(work(id(1))), batcher.submit(work(id(2)))]);

    expect(old).toEqual({ handled: false, afterCommit: [] });
    expect(fresh?.handled).toBe(true);
    expect(database.committed[0]!.statements).toEqual([`effect ${id(2)}`]);
  });

  it('runs the handler of an event submitted twice in one transaction once', async () => {
    const database = new FakeDatabase();
    const { batcher } = transactions(database, 16, 1);
    const [first, second] = await Promise.all([batcher.submit(work(id(1))), batcher.submit(work(id(1)))]);

    expect([first?.handled, second?.handled]).toEqual([true, false]);
    expect(database.committed[0]!.statements).toEqual([`effect ${id(1)}`]);
  });

  it('matches an event id whatever its case, as Postgres answers uuids in lower case', async () => {
    const database = new FakeDatabase();
    const { batcher } = transactions(database, 16, 1);
    const result = await batcher.submit(work(id(7).replace('0000-7000-8000', 'ABCD-7EF0-8000')));
    expect(result.handled).toBe(true);
  });

  it('handles the messages of a failed transaction again one at a time, so only the failing one fails', async () => {
    const database = new FakeDatabase();
    const { batcher, fallbacks } = transactions(database, 16, 1);
    const failure = new Error('deadlock detected');
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        batcher.submit(work(id(n), () => (n === 2 ? Promise.reject(failure) : Promise.resolve()))),
      ),
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBe(failure);
    expect(fallbacks).toEqual([3]);
    // The batch did not commit; then 1 and 3 committed alone, in submission order.
    expect(database.committed.map((transaction) => transaction.claimed)).toEqual([[id(1)], [id(3)]]);
    expect(database.inbox).toEqual(new Set([id(1), id(3)]));
  });

  it('rejects a lone message with its own error, without a second attempt', async () => {
    const database = new FakeDatabase();
    const { batcher, fallbacks } = transactions(database, 16, 1);
    let runs = 0;
    const failure = new Error('unique violation');
    await expect(
      batcher.submit(
        work(id(1), () => {
          runs++;
          return Promise.reject(failure);
        }),
      ),
    ).rejects.toBe(failure);
    expect(runs).toBe(1);
    expect(fallbacks).toEqual([]);
  });

  it('refuses a batch size or a number of transactions below one', () => {
    const database = new FakeDatabase();
    expect(() => transactions(database, 0, 1)).toThrow(RangeError);
    expect(() => transactions(database, 1, 0)).toThrow(RangeError);
    expect(() => transactions(database, 1.5, 1)).toThrow(RangeError);
  });
});
