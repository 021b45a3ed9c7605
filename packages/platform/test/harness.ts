import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type EnvelopeOf,
  type PayloadOf,
  type Subject,
  createEnvelope,
  streams,
} from '@threadline/contracts';
import pino, { type Logger } from 'pino';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import {
  type ConsumerDeclaration,
  createDataSource,
  DeadLetters,
  JetStreamConsumer,
  type MessageHandler,
  type OrderingKey,
  type PreparedMessageHandler,
  type PrepareStep,
  Metrics,
  migrate,
  Namespace,
  Outbox,
  OutboxRelay,
  type Publisher,
  provisionConsumer,
  provisionStream,
  connectNats,
  consumerConfig,
  streamConfig,
} from '../src';
import {
  createIsolatedEnvironment,
  type IsolatedEnvironment,
  serversFromEnv,
  type TestServers,
} from '../src/testing';

export const SCHEMA = 'svc';
export const silentLogger = pino({ level: 'silent' });

/** A table for handlers under test to write their effects to. */
class Effects1764100000000 implements MigrationInterface {
  readonly name = 'Effects1764100000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE svc.effects (event_id uuid NOT NULL, note text NOT NULL)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE svc.effects`);
  }
}

export function inboundData(overrides: Partial<PayloadOf<'sms.inbound.received.v1'>> = {}) {
  return {
    messageId: '0190f1e2-7c4b-7a3e-9b1c-1234567890ab',
    provider: 'twilio',
    providerMessageId: `SM${Math.random().toString(16).slice(2)}`,
    from: '+15551230001',
    to: '+15559870000',
    body: 'hello',
    media: [],
    receivedAt: new Date().toISOString(),
    sequence: 1,
    ...overrides,
  } satisfies PayloadOf<'sms.inbound.received.v1'>;
}

export function inboundEnvelope(): EnvelopeOf<'sms.inbound.received.v1'> {
  return createEnvelope('sms.inbound.received.v1', inboundData());
}

/**
 * A schema, a namespace, the SMS stream and the platform pieces wired as a service wires
 * them, against the real servers, for one test file.
 */
export class Harness {
  readonly metrics = new Metrics('test', { defaultMetrics: false });
  readonly outbox = new Outbox(SCHEMA);
  private consumers: Array<JetStreamConsumer<never>> = [];
  private relays: OutboxRelay[] = [];
  /** What consumers and relays started from now on log to; a test that reads the lines sets its own. */
  logger: Logger = silentLogger;
  /** Messages per transaction of consumers started from now on: the services' default (CONSUMER_BATCH_SIZE). */
  batchSize = 16;

  private constructor(
    readonly environment: IsolatedEnvironment,
    readonly dataSource: DataSource,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly ns: Namespace,
    readonly deadLetters: DeadLetters,
  ) {}

  /** @param servers other servers than the environment's, e.g. a private NATS to restart */
  static async create(servers?: Partial<TestServers>): Promise<Harness> {
    const environment = await createIsolatedEnvironment({ ...serversFromEnv(), ...servers });
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: SCHEMA,
      poolSize: 5,
      applicationName: 'platform-test',
      migrations: [Effects1764100000000],
    });
    await dataSource.initialize();
    await migrate(dataSource, SCHEMA, silentLogger);
    const nc = await connectNats({ url: environment.servers.natsUrl, name: 'platform-test' }, silentLogger);
    const jsm = await jetstreamManager(nc);
    const ns = new Namespace(environment.namespace);
    await provisionStream(jsm, streamConfig(streams.SMS, ns, 1), silentLogger);
    return new Harness(
      environment,
      dataSource,
      nc,
      jetstream(nc),
      jsm,
      ns,
      new DeadLetters(dataSource, SCHEMA, new Outbox(SCHEMA)),
    );
  }

  declaration(
    durable: string,
    overrides: Partial<ConsumerDeclaration> = {},
  ): ConsumerDeclaration & {
    filterSubject: 'sms.inbound.received.v1';
  } {
    return {
      stream: streams.SMS,
      durable,
      filterSubject: 'sms.inbound.received.v1',
      maxDeliver: 5,
      ackWaitMs: 30_000,
      maxAckPending: 100,
      ...overrides,
    } as ConsumerDeclaration & { filterSubject: 'sms.inbound.received.v1' };
  }

  async startConsumer(
    declaration: ConsumerDeclaration & { filterSubject: 'sms.inbound.received.v1' },
    handler: MessageHandler<'sms.inbound.received.v1'>,
    concurrency = 4,
    orderingKey?: OrderingKey<'sms.inbound.received.v1'>,
  ): Promise<JetStreamConsumer<'sms.inbound.received.v1'>> {
    return this.startWith<undefined>(declaration, handler, concurrency, undefined, orderingKey);
  }

  /** A consumer whose handler is given what `prepare` returned, outside its transaction. */
  startPreparedConsumer<P>(
    declaration: ConsumerDeclaration & { filterSubject: 'sms.inbound.received.v1' },
    prepare: PrepareStep<'sms.inbound.received.v1', P>,
    handler: PreparedMessageHandler<'sms.inbound.received.v1', P>,
  ): Promise<JetStreamConsumer<'sms.inbound.received.v1', P>> {
    return this.startWith(declaration, handler, 4, prepare);
  }

  private async startWith<P>(
    declaration: ConsumerDeclaration & { filterSubject: 'sms.inbound.received.v1' },
    handler: PreparedMessageHandler<'sms.inbound.received.v1', P>,
    concurrency: number,
    prepare?: PrepareStep<'sms.inbound.received.v1', P>,
    orderingKey?: OrderingKey<'sms.inbound.received.v1'>,
  ): Promise<JetStreamConsumer<'sms.inbound.received.v1', P>> {
    await provisionConsumer(
      this.jsm,
      this.ns.stream(declaration.stream.name),
      consumerConfig(declaration, this.ns) as Parameters<typeof provisionConsumer>[2],
      silentLogger,
    );
    const consumer = new JetStreamConsumer<'sms.inbound.received.v1', P>({
      declaration,
      handler,
      prepare,
      orderingKey,
      js: this.js,
      ns: this.ns,
      dataSource: this.dataSource,
      schema: SCHEMA,
      deadLetters: this.deadLetters,
      logger: this.logger,
      metrics: this.metrics,
      concurrency,
      batchSize: this.batchSize,
      backoff: { baseMs: 50, maxMs: 200, jitter: 0 },
    });
    await consumer.start();
    this.consumers.push(consumer as unknown as JetStreamConsumer<never>);
    return consumer;
  }

  relay(
    publisher: Publisher = this.js,
    pollMs = 50,
    logger = this.logger,
    listeningPollMs?: number,
  ): OutboxRelay {
    const relay = new OutboxRelay({
      ...(listeningPollMs !== undefined && { listeningPollMs }),
      dataSource: this.dataSource,
      databaseUrl: this.environment.databaseUrl,
      schema: SCHEMA,
      publisher,
      ns: this.ns,
      logger,
      metrics: this.metrics,
      pollMs,
    });
    this.relays.push(relay);
    return relay;
  }

  /** Commits envelopes to the outbox, as a use case would. */
  async commit(envelopes: Array<EnvelopeOf<Subject>>): Promise<void> {
    await this.dataSource.transaction((manager) => this.outbox.add(manager, envelopes));
  }

  /** Publishes straight to the stream, bypassing the outbox, e.g. to fake a redelivery. */
  async publishRaw(subject: string, body: string | Uint8Array, msgID?: string): Promise<void> {
    await this.js.publish(this.ns.subject(subject), body, msgID ? { msgID } : {});
  }

  async effects(eventId?: string): Promise<Array<{ event_id: string; note: string }>> {
    return await this.dataSource.query<Array<{ event_id: string; note: string }>>(
      `SELECT event_id, note FROM svc.effects WHERE $1::uuid IS NULL OR event_id = $1 ORDER BY note`,
      [eventId ?? null],
    );
  }

  async streamMessageCount(): Promise<number> {
    const info = await this.jsm.streams.info(this.ns.stream('SMS'));
    return info.state.messages;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop(1_000)));
    await Promise.all(this.relays.map((relay) => relay.stop(500)));
    await this.nc.close();
    await this.dataSource.destroy();
    await this.environment.dispose();
  }
}
