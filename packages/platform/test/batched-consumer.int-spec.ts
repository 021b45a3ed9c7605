import { PermanentError } from '../src';
import { eventually } from '../src/testing';
import { Harness, inboundEnvelope } from './harness';

/**
 * Several messages to a transaction (decision 52), against real NATS and Postgres. Each test
 * publishes its messages before the consumer starts, so the first pull brings them together.
 */
describe('a consumer handling messages several to a transaction', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  async function published(count: number) {
    const envelopes = Array.from({ length: count }, () => inboundEnvelope());
    await harness.commit(envelopes);
    await harness.relay().publishBatch();
    return envelopes;
  }

  async function transactionSizes(consumer: string): Promise<{ count: number; sum: number }> {
    const values = (await harness.metrics.transactionMessages.get()).values.filter(
      (value) => value.labels.consumer === consumer,
    );
    return {
      count: values.find((value) => value.metricName?.endsWith('_count'))?.value ?? 0,
      sum: values.find((value) => value.metricName?.endsWith('_sum'))?.value ?? 0,
    };
  }

  it('handles messages that arrive together in shared transactions, each effect once', async () => {
    const envelopes = await published(40);
    const transactionOf = new Map<string, string>();
    await harness.startConsumer(
      harness.declaration('t_batch_v1'),
      async (envelope, { manager }) => {
        const [row] = await manager.query<Array<{ txid: string }>>(`SELECT txid_current()::text AS txid`);
        transactionOf.set(envelope.id, row!.txid);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
      },
      16,
    );

    await eventually(async () => expect(await harness.effects()).toHaveLength(40), { timeoutMs: 20_000 });
    expect(new Set((await harness.effects()).map((effect) => effect.event_id))).toEqual(
      new Set(envelopes.map((envelope) => envelope.id)),
    );
    const transactions = new Set(transactionOf.values());
    expect(transactions.size).toBeLessThan(40);
    const sizes = await transactionSizes('t_batch_v1');
    expect(sizes.sum).toBe(40);
    expect(sizes.count).toBe(transactions.size);
    // A transaction holds at most half of what the consumer holds, so two are open at once.
    for (const transaction of transactions) {
      const members = [...transactionOf.values()].filter((txid) => txid === transaction);
      expect(members.length).toBeLessThanOrEqual(8);
    }
  });

  it('rolls back a batch whose handler throws and handles its messages again one at a time, so only that one is retried', async () => {
    const envelopes = await published(12);
    const failing = envelopes[5]!.id;
    const runs = new Map<string, number>();
    const afterCommitRan: string[] = [];
    await harness.startConsumer(
      harness.declaration('t_batch_fallback_v1'),
      async (envelope, { manager, deliveryCount, afterCommit }) => {
        runs.set(envelope.id, (runs.get(envelope.id) ?? 0) + 1);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
        afterCommit(() => {
          afterCommitRan.push(envelope.id);
        });
        if (envelope.id === failing && deliveryCount === 1) throw new Error('lock timeout');
      },
      16,
    );

    await eventually(async () => expect(await harness.effects()).toHaveLength(12), { timeoutMs: 20_000 });
    for (const envelope of envelopes) expect(await harness.effects(envelope.id)).toHaveLength(1);
    // Messages that shared the failed transaction ran twice (in the batch, then alone) but took
    // effect once, and only the effects of what committed ran after commit.
    expect([...runs.values()].some((count) => count === 2)).toBe(true);
    await eventually(() => expect(afterCommitRan).toHaveLength(12));
    expect(new Set(afterCommitRan).size).toBe(12);
    const fallbacks = (await harness.metrics.batchFallbacks.get()).values;
    expect(fallbacks).toEqual([
      expect.objectContaining({ labels: { consumer: 't_batch_fallback_v1' }, value: 1 }),
    ]);
    await eventually(() =>
      expect(harness.metrics.consumed.get()).resolves.toMatchObject({
        values: expect.arrayContaining([
          expect.objectContaining({
            labels: { consumer: 't_batch_fallback_v1', outcome: 'retried' },
            value: 1,
          }),
          expect.objectContaining({
            labels: { consumer: 't_batch_fallback_v1', outcome: 'handled' },
            value: 12,
          }),
        ]),
      }),
    );
  });

  it('dead-letters only the message whose handler says it can never succeed, not the batch it came in', async () => {
    const envelopes = await published(10);
    const hopeless = envelopes[3]!.id;
    await harness.startConsumer(
      harness.declaration('t_batch_permanent_v1'),
      async (envelope, { manager }) => {
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
        if (envelope.id === hopeless) throw new PermanentError('INTERACTION_NOT_FOUND', 'no interaction 42');
      },
      16,
    );

    const letters = await eventually(async () => {
      const found = await harness.deadLetters.list({ consumer: 't_batch_permanent_v1' });
      expect(found).toHaveLength(1);
      return found;
    });
    expect(letters[0]).toMatchObject({ eventId: hopeless, errorCode: 'INTERACTION_NOT_FOUND' });
    await eventually(async () => expect(await harness.effects()).toHaveLength(9));
    expect(await harness.effects(hopeless)).toHaveLength(0);
  });

  it('handles the second copy of an event in the same transaction as a duplicate', async () => {
    const envelope = inboundEnvelope();
    const body = JSON.stringify({ ...envelope, subject: undefined });
    await harness.publishRaw('sms.inbound.received.v1', body);
    await harness.publishRaw('sms.inbound.received.v1', body);
    const handled: string[] = [];
    await harness.startConsumer(
      harness.declaration('t_batch_duplicate_v1'),
      async (received, { manager }) => {
        handled.push(received.id);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [received.id]);
      },
      16,
    );

    await eventually(() =>
      expect(harness.metrics.consumed.get()).resolves.toMatchObject({
        values: expect.arrayContaining([
          expect.objectContaining({
            labels: { consumer: 't_batch_duplicate_v1', outcome: 'duplicate' },
            value: 1,
          }),
          expect.objectContaining({
            labels: { consumer: 't_batch_duplicate_v1', outcome: 'handled' },
            value: 1,
          }),
        ]),
      }),
    );
    expect(handled).toEqual([envelope.id]);
    expect(await harness.effects(envelope.id)).toHaveLength(1);
    expect(await transactionSizes('t_batch_duplicate_v1')).toEqual({ count: 1, sum: 2 });
  });

  it('gives each message a transaction of its own when the batch size is 1', async () => {
    harness.batchSize = 1;
    await published(12);
    const transactions: string[] = [];
    await harness.startConsumer(
      harness.declaration('t_batch_single_v1'),
      async (envelope, { manager }) => {
        const [row] = await manager.query<Array<{ txid: string }>>(`SELECT txid_current()::text AS txid`);
        transactions.push(row!.txid);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
      },
      16,
    );

    await eventually(async () => expect(await harness.effects()).toHaveLength(12), { timeoutMs: 20_000 });
    expect(new Set(transactions).size).toBe(12);
    expect(await transactionSizes('t_batch_single_v1')).toEqual({ count: 12, sum: 12 });
  });

  it('gives each message a transaction of its own in a consumer with ordering keys, so one slow key holds up no other', async () => {
    await published(12);
    await harness.startConsumer(
      harness.declaration('t_batch_keyed_v1'),
      async (envelope, { manager }) => {
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
      },
      16,
      (envelope) => envelope.id,
    );

    await eventually(async () => expect(await harness.effects()).toHaveLength(12), { timeoutMs: 20_000 });
    expect(await transactionSizes('t_batch_keyed_v1')).toEqual({ count: 12, sum: 12 });
  });

  it('acknowledges every message it handled, so the server holds none pending and delivers none again', async () => {
    await published(30);
    await harness.startConsumer(
      harness.declaration('t_batch_acks_v1'),
      async (envelope, { manager }) => {
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
      },
      16,
    );

    await eventually(async () => expect(await harness.effects()).toHaveLength(30), { timeoutMs: 20_000 });
    await eventually(async () => {
      const info = await harness.jsm.consumers.info(
        harness.ns.stream('SMS'),
        harness.ns.durable('t_batch_acks_v1'),
      );
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
      expect(info.ack_floor.stream_seq).toBe(info.delivered.stream_seq);
    });
  });
});
