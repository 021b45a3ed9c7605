// The messaging platform's baseline: how fast events move through the transactional outbox,
// JetStream and an inbox-backed consumer, next to the raw Postgres commit rate and the raw
// JetStream publish rate measured in the same run on the same machine.
//
//   pnpm bench                       (BENCH_MESSAGES=10000, BENCH_CONCURRENCY=16 by default)
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createEnvelope, streams } from '@threadline/contracts';
import {
  consumerConfig,
  createDataSource,
  DeadLetters,
  JetStreamConsumer,
  Metrics,
  migrate,
  Namespace,
  Outbox,
  OutboxRelay,
  provisionConsumer,
  provisionStream,
  streamConfig,
} from '@threadline/platform';
import { createIsolatedEnvironment } from '@threadline/platform/testing';
import pino from 'pino';
import { rawJetStreamPublishRate, rawPostgresCommitRate } from './raw-rates';
import { rate, runPool, summarise } from './stats';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SCHEMA = 'bench';
const logger = pino({ level: 'silent' });

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function progress(label: string) {
  return (done: number) => say(`  ${label}: ${done}/${MESSAGES}`);
}

function envelope(index: number) {
  return createEnvelope('sms.inbound.received.v1', {
    messageId: '0190f1e2-7c4b-7a3e-9b1c-1234567890ab',
    provider: 'twilio',
    providerMessageId: `SMbench${index}`,
    from: '+15551230001',
    to: '+15559870000',
    body: `message ${index}`,
    media: [],
    receivedAt: new Date().toISOString(),
    sequence: 1,
  });
}

async function main(): Promise<void> {
  say(`messaging benchmark: ${MESSAGES} messages, ${CONCURRENCY} concurrent writers`);
  const environment = await createIsolatedEnvironment();
  const dataSource = createDataSource({
    url: environment.databaseUrl,
    schema: SCHEMA,
    poolSize: CONCURRENCY + 4,
    applicationName: 'bench',
    migrations: [],
  });
  const nc = await connect({ servers: environment.servers.natsUrl });
  try {
    await dataSource.initialize();
    await migrate(dataSource, SCHEMA, logger);
    const ns = new Namespace(environment.namespace);
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    await provisionStream(jsm, streamConfig(streams.SMS, ns, 1), logger);

    // 1. Raw Postgres: one single-row transaction per message.
    say('raw Postgres single-row commits');
    const pgRate = await rawPostgresCommitRate(
      dataSource,
      'bench.raw',
      MESSAGES,
      CONCURRENCY,
      progress('committed'),
    );

    // 2. Raw JetStream: publish with a message id and wait for the ack, as the relay does.
    say('raw JetStream publishes (acknowledged, with Nats-Msg-Id)');
    const natsRate = await rawJetStreamPublishRate(js, ns, MESSAGES, progress('published'));

    // 3. The whole path: a use case commits an event through the outbox, the relay publishes
    //    it, a consumer handles it in a transaction with its inbox record.
    say('outbox → relay → JetStream → inbox consumer');
    const metrics = new Metrics('bench', { defaultMetrics: false });
    const outbox = new Outbox(SCHEMA);
    const relay = new OutboxRelay({
      dataSource,
      databaseUrl: environment.databaseUrl,
      schema: SCHEMA,
      publisher: js,
      ns,
      logger,
      metrics,
      pollMs: 200,
    });
    const declaration = {
      stream: streams.SMS,
      durable: 'bench_sms_inbound_received_v1',
      filterSubject: 'sms.inbound.received.v1' as const,
      maxDeliver: 5,
      ackWaitMs: 30_000,
      maxAckPending: 1_000,
    };
    await provisionConsumer(
      jsm,
      ns.stream('SMS'),
      consumerConfig(declaration, ns) as Parameters<typeof provisionConsumer>[2],
      logger,
    );
    const latencies: number[] = [];
    let handled = 0;
    let allHandled!: () => void;
    const finished = new Promise<void>((resolve) => {
      allHandled = resolve;
    });
    const consumer = new JetStreamConsumer({
      declaration,
      handler: (event) => {
        latencies.push(Date.now() - Date.parse(event.occurredAt));
        handled += 1;
        if (handled === MESSAGES) allHandled();
        return Promise.resolve();
      },
      js,
      ns,
      dataSource,
      schema: SCHEMA,
      deadLetters: new DeadLetters(dataSource, SCHEMA, outbox),
      logger,
      metrics,
      concurrency: CONCURRENCY,
    });
    await relay.start();
    await consumer.start();
    const started = Date.now();
    await runPool(
      MESSAGES,
      CONCURRENCY,
      async (index) => {
        await dataSource.transaction((manager) => outbox.add(manager, [envelope(index)]));
      },
      progress('committed to the outbox'),
    );
    const committedIn = Date.now() - started;
    await finished;
    const pathRate = rate(MESSAGES, Date.now() - started);
    await consumer.stop(5_000);
    await relay.stop(1_000);

    const latency = summarise(latencies);
    say('');
    say('results');
    say(`  raw Postgres single-row commits:     ${pgRate} /s`);
    say(`  raw JetStream acknowledged publishes: ${natsRate} /s`);
    say(`  outbox commits (use-case side):      ${rate(MESSAGES, committedIn)} /s`);
    say(`  end to end (commit → consumer done): ${pathRate} /s`);
    say(
      `    = ${(pathRate / pgRate).toFixed(2)} × raw Postgres, ${(pathRate / natsRate).toFixed(2)} × raw JetStream`,
    );
    say(`  commit → handled latency: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
  } finally {
    await nc.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await environment.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
