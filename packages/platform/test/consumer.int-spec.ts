import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createEnvelope } from '@threadline/contracts';
import { consumerConfig, provisionConsumer } from '../src';
import { NOTHING_TO_DO, PermanentError } from '../src';
import { eventually } from '../src/testing';
import { Harness, inboundData, inboundEnvelope, SCHEMA, silentLogger } from './harness';

describe('JetStreamConsumer against real NATS and Postgres', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('leaves a pooled connection free, so handlers that read beside their transaction never starve each other', async () => {
    // Pool of 5, 16 messages in flight: without transaction slots all 5 connections are held by
    // transactions whose handler waits for a sixth to read on, until the acquire timeout fails
    // them all (the timer service stalled so in the chaos run).
    const handled: string[] = [];
    await harness.startConsumer(
      harness.declaration('t_side_read_v1'),
      async (envelope, { manager }) => {
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
        await harness.dataSource.query('SELECT pg_sleep(0.05)');
        handled.push(envelope.id);
      },
      16,
    );
    const envelopes = Array.from({ length: 40 }, () => inboundEnvelope());
    await harness.commit(envelopes);
    const relay = harness.relay();
    await relay.start();
    await eventually(() => expect(handled).toHaveLength(envelopes.length), { timeoutMs: 20_000 });
    // The last handler has run, but its transaction may still be committing.
    await eventually(async () => {
      const [row] = await harness.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM svc.effects`,
      );
      expect(row?.n).toBe(envelopes.length);
    });
  });

  it('retries a handler that throws half-way, and its effect happens once', async () => {
    const attempts: number[] = [];
    await harness.startConsumer(
      harness.declaration('t_half_way_v1'),
      async (envelope, { manager, deliveryCount }) => {
        attempts.push(deliveryCount);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
        if (deliveryCount === 1) throw new Error('database hiccup after the first write');
      },
    );
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();

    await eventually(async () => expect(await harness.effects(envelope.id)).toHaveLength(1));
    expect(attempts).toEqual([1, 2]);
    await eventually(() =>
      expect(harness.metrics.consumed.get()).resolves.toMatchObject({
        values: expect.arrayContaining([
          expect.objectContaining({ labels: { consumer: 't_half_way_v1', outcome: 'retried' }, value: 1 }),
          expect.objectContaining({ labels: { consumer: 't_half_way_v1', outcome: 'handled' }, value: 1 }),
        ]),
      }),
    );
  });

  it('gives a redelivered event whose effect committed no second effect', async () => {
    const handled: string[] = [];
    await harness.startConsumer(harness.declaration('t_redelivery_v1'), async (envelope, { manager }) => {
      handled.push(envelope.id);
      await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
    });
    const envelope = inboundEnvelope();
    const body = JSON.stringify({ ...envelope, subject: undefined });
    // Two copies of one event in the stream (no Nats-Msg-Id, so JetStream keeps both): the
    // second is what a redelivery after a lost ack looks like to the consumer.
    await harness.publishRaw('sms.inbound.received.v1', body);
    await harness.publishRaw('sms.inbound.received.v1', body);

    await eventually(async () => {
      const values = (await harness.metrics.consumed.get()).values;
      expect(values).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            labels: { consumer: 't_redelivery_v1', outcome: 'duplicate' },
            value: 1,
          }),
        ]),
      );
    });
    expect(handled).toEqual([envelope.id]);
    expect(await harness.effects(envelope.id)).toHaveLength(1);
  });

  it('runs a prepare step before the transaction, hands its result to the handler, and retries its failures', async () => {
    const steps: string[] = [];
    await harness.startPreparedConsumer(
      harness.declaration('t_prepare_v1'),
      async (envelope, { deliveryCount }) => {
        // Outside the transaction: the inbox does not hold the event yet.
        const inbox = await harness.dataSource.query<unknown[]>(
          `SELECT 1 FROM svc.inbox WHERE event_id = $1`,
          [envelope.id],
        );
        steps.push(`prepare ${deliveryCount} (inbox ${inbox.length})`);
        if (deliveryCount === 1) throw new Error('the bot did not answer');
        return `answer ${deliveryCount}`;
      },
      async (envelope, { manager, prepared }) => {
        steps.push(`handle ${prepared}`);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, $2)`, [
          envelope.id,
          prepared,
        ]);
      },
    );
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();

    await eventually(async () => expect(await harness.effects(envelope.id)).toHaveLength(1));
    expect(steps).toEqual(['prepare 1 (inbox 0)', 'prepare 2 (inbox 0)', 'handle answer 2']);
    expect(await harness.effects(envelope.id)).toEqual([{ event_id: envelope.id, note: 'answer 2' }]);
  });

  it('acknowledges what a prepare step says is NOTHING_TO_DO, without a transaction, an inbox record or the handler', async () => {
    const handled: string[] = [];
    const ignored = inboundEnvelope();
    const wanted = inboundEnvelope();
    await harness.startPreparedConsumer(
      harness.declaration('t_nothing_to_do_v1'),
      (envelope) => Promise.resolve(envelope.id === ignored.id ? NOTHING_TO_DO : 'wanted'),
      async (envelope, { manager, prepared }) => {
        handled.push(envelope.id);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, $2)`, [
          envelope.id,
          prepared,
        ]);
      },
    );
    await harness.commit([ignored, wanted]);
    await harness.relay().publishBatch();

    await eventually(async () => expect(await harness.effects(wanted.id)).toHaveLength(1));
    await eventually(() =>
      expect(harness.metrics.consumed.get()).resolves.toMatchObject({
        values: expect.arrayContaining([
          expect.objectContaining({
            labels: { consumer: 't_nothing_to_do_v1', outcome: 'ignored' },
            value: 1,
          }),
        ]),
      }),
    );
    expect(handled).toEqual([wanted.id]);
    const inbox = await harness.dataSource.query<Array<{ event_id: string }>>(
      `SELECT event_id FROM svc.inbox WHERE consumer = 't_nothing_to_do_v1'`,
    );
    expect(inbox.map((row) => row.event_id)).toEqual([wanted.id]);
  });

  it('dead-letters a message that is not an envelope, with its reason, and does not retry it', async () => {
    const handler = jest.fn(() => Promise.resolve());
    await harness.startConsumer(harness.declaration('t_poison_v1'), handler);
    await harness.publishRaw('sms.inbound.received.v1', '{"this is": "not an envelope"');

    const [letter] = await eventually(async () => {
      const letters = await harness.deadLetters.list({ consumer: 't_poison_v1' });
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({
      errorCode: 'ENVELOPE_INVALID',
      reason: 'message body is not JSON',
      payload: '{"this is": "not an envelope"',
      deliveryCount: 1,
      subject: 'sms.inbound.received.v1',
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('dead-letters an envelope of an unknown version instead of guessing', async () => {
    await harness.startConsumer(harness.declaration('t_version_v1'), () => Promise.resolve());
    const envelope = {
      ...createEnvelope('sms.inbound.received.v1', inboundData()),
      subject: undefined,
      version: 9,
    };
    await harness.publishRaw('sms.inbound.received.v1', JSON.stringify(envelope));

    const [letter] = await eventually(async () => {
      const letters = await harness.deadLetters.list({ consumer: 't_version_v1' });
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter?.errorCode).toBe('UNSUPPORTED_VERSION');
    expect(letter?.reason).toContain('version 9 is not supported');
  });

  it('terminates a dead-lettered message on the server, so it is not delivered again', async () => {
    // ack_wait far beyond the test: only a terminate the server understood clears the pending ack.
    await harness.startConsumer(harness.declaration('t_terminated_v1', { ackWaitMs: 60_000 }), () =>
      Promise.resolve(),
    );
    await harness.publishRaw('sms.inbound.received.v1', 'not json');
    await eventually(async () => {
      expect(await harness.deadLetters.list({ consumer: 't_terminated_v1' })).toHaveLength(1);
      const info = await harness.jsm.consumers.info(
        harness.ns.stream('SMS'),
        harness.ns.durable('t_terminated_v1'),
      );
      expect(info.num_ack_pending).toBe(0);
    });
  });

  it('dead-letters at once when the handler says the message can never succeed', async () => {
    let calls = 0;
    await harness.startConsumer(harness.declaration('t_permanent_v1'), () => {
      calls += 1;
      return Promise.reject(new PermanentError('INTERACTION_NOT_FOUND', 'no interaction 42'));
    });
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();

    const [letter] = await eventually(async () => {
      const letters = await harness.deadLetters.list({ consumer: 't_permanent_v1' });
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({
      errorCode: 'INTERACTION_NOT_FOUND',
      eventId: envelope.id,
      deliveryCount: 1,
    });
    expect(calls).toBe(1);
  });

  it('dead-letters a message still failing on its last allowed delivery, with the last error', async () => {
    let calls = 0;
    await harness.startConsumer(harness.declaration('t_max_deliver_v1', { maxDeliver: 3 }), () => {
      calls += 1;
      return Promise.reject(new Error(`downstream timeout #${calls}`));
    });
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();

    const [letter] = await eventually(async () => {
      const letters = await harness.deadLetters.list({ consumer: 't_max_deliver_v1' });
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({
      errorCode: 'MAX_DELIVER_EXCEEDED',
      deliveryCount: 3,
      eventId: envelope.id,
    });
    expect(letter?.reason).toContain('downstream timeout #3');
    expect(calls).toBe(3);
    expect(await harness.effects(envelope.id)).toHaveLength(0);
  });

  it('handles many messages with bounded concurrency, each exactly once', async () => {
    let active = 0;
    let peak = 0;
    await harness.startConsumer(
      harness.declaration('t_concurrency_v1'),
      async (envelope, { manager }) => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
        active -= 1;
      },
      3,
    );
    const envelopes = Array.from({ length: 60 }, () => inboundEnvelope());
    await harness.commit(envelopes);
    await harness.relay().publishBatch();

    await eventually(async () => expect(await harness.effects()).toHaveLength(60), { timeoutMs: 20_000 });
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('handles the messages of one ordering key one at a time, in delivery order, and other keys beside them', async () => {
    const order: string[] = [];
    let active = new Map<string, number>();
    let sideBySide = 0;
    await harness.startConsumer(
      harness.declaration('t_ordering_v1'),
      async (envelope, { manager }) => {
        const key = envelope.data.to;
        active = new Map(active).set(key, (active.get(key) ?? 0) + 1);
        if ((active.get(key) ?? 0) > 1) throw new Error(`two messages of ${key} at once`);
        sideBySide = Math.max(sideBySide, [...active.values()].filter((n) => n > 0).length);
        // The first of each key is the slowest: without ordering, the later ones would finish first.
        // Long enough that the other key's first message starts meanwhile on a loaded CI machine.
        await new Promise((resolve) => setTimeout(resolve, envelope.data.sequence === 1 ? 300 : 5));
        order.push(`${key}#${envelope.data.sequence}`);
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
        active = new Map(active).set(key, (active.get(key) ?? 1) - 1);
      },
      8,
      (envelope) => envelope.data.to,
    );
    const keys = ['+15559870001', '+15559870002'];
    const envelopes = [1, 2, 3, 4].flatMap((sequence) =>
      keys.map((to) => createEnvelope('sms.inbound.received.v1', inboundData({ to, sequence }))),
    );
    await harness.commit(envelopes);
    await harness.relay().publishBatch();

    await eventually(async () => expect(await harness.effects()).toHaveLength(8), { timeoutMs: 20_000 });
    for (const key of keys) {
      expect(order.filter((entry) => entry.startsWith(key))).toEqual([1, 2, 3, 4].map((n) => `${key}#${n}`));
    }
    // The two keys did not wait for each other.
    expect(sideBySide).toBe(2);
  });

  it('keeps a message waiting behind its ordering key alive, so the server does not deliver it again meanwhile', async () => {
    const ackWaitMs = 1_500;
    const seen: Array<{ sequence: number; deliveryCount: number }> = [];
    await harness.startConsumer(
      harness.declaration('t_waiting_v1', { ackWaitMs, maxDeliver: 3 }),
      async (envelope, { manager, deliveryCount }) => {
        seen.push({ sequence: envelope.data.sequence, deliveryCount });
        // The first holds its key for more than three ack waits; the second waits behind it.
        if (envelope.data.sequence === 1)
          await new Promise((resolve) => setTimeout(resolve, 3.5 * ackWaitMs));
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
      },
      4,
      (envelope) => envelope.data.to,
    );
    const envelopes = [1, 2].map((sequence) =>
      createEnvelope('sms.inbound.received.v1', inboundData({ to: '+15559870009', sequence })),
    );
    await harness.commit(envelopes);
    await harness.relay().publishBatch();

    await eventually(async () => expect(await harness.effects()).toHaveLength(2), { timeoutMs: 20_000 });
    // Long enough for any redelivery of the waiting message to have come and been handled.
    await new Promise((resolve) => setTimeout(resolve, 2 * ackWaitMs));
    expect(seen).toEqual([
      { sequence: 1, deliveryCount: 1 },
      { sequence: 2, deliveryCount: 1 },
    ]);
    const outcomes = (await harness.metrics.consumed.get()).values
      .filter((value) => value.labels.consumer === 't_waiting_v1')
      .map((value) => [value.labels.outcome, value.value]);
    expect(outcomes).toEqual([['handled', 2]]);
    expect(await harness.deadLetters.list({ consumer: 't_waiting_v1' })).toEqual([]);
  });

  it('finishes the message in flight when stopped, and hands back nothing half-done', async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const consumer = await harness.startConsumer(
      harness.declaration('t_graceful_v1'),
      async (envelope, { manager }) => {
        release();
        await gate;
        await manager.query(`INSERT INTO svc.effects (event_id, note) VALUES ($1, 'effect')`, [envelope.id]);
      },
    );
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();
    await started;

    const stopping = consumer.stop(5_000);
    finish();
    await stopping;
    expect(await harness.effects(envelope.id)).toHaveLength(1);
    const info = await harness.jsm.consumers.info(
      harness.ns.stream('SMS'),
      harness.ns.durable('t_graceful_v1'),
    );
    expect(info.num_ack_pending).toBe(0);
  });

  it('dead-letters a message whose handler crashes the process on every delivery, without running it again', async () => {
    const declaration = harness.declaration('t_crash_v1', { maxDeliver: 2, ackWaitMs: 1_000 });
    await provisionConsumer(
      harness.jsm,
      harness.ns.stream('SMS'),
      consumerConfig(declaration, harness.ns) as Parameters<typeof provisionConsumer>[2],
      silentLogger,
    );
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();

    const crashes: number[] = [];
    for (let run = 0; run < 2; run += 1) {
      const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'consume-and-crash.js')], {
        env: {
          ...process.env,
          DATABASE_URL: harness.environment.databaseUrl,
          NATS_URL: harness.environment.servers.natsUrl,
          NATS_NAMESPACE: harness.ns.prefix,
          SCHEMA,
          DECLARATION: JSON.stringify(declaration),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().trim().split('\n')) {
          crashes.push((JSON.parse(line) as { crashingOnDelivery: number }).crashingOnDelivery);
        }
      });
      const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
    }
    expect(crashes).toEqual([1, 2]);

    const handler = jest.fn(() => Promise.resolve());
    await harness.startConsumer(declaration, handler);
    const [letter] = await eventually(
      async () => {
        const letters = await harness.deadLetters.list({ consumer: 't_crash_v1' });
        expect(letters).toHaveLength(1);
        return letters;
      },
      { timeoutMs: 10_000 },
    );
    expect(letter).toMatchObject({
      errorCode: 'HANDLER_NEVER_FINISHED',
      eventId: envelope.id,
      deliveryCount: 3,
    });
    expect(handler).not.toHaveBeenCalled();
  });
});
