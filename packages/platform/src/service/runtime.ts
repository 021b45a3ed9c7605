import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { type QueryDefinition, streams } from '@threadline/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PlatformConfig } from '../config/config';
import { createDataSource, migrate } from '../database/database';
import { JetStreamConsumer } from '../messaging/consumer';
import { DeadLetters } from '../messaging/dead-letters';
import { Outbox } from '../messaging/outbox';
import { OutboxRelay } from '../messaging/outbox-relay';
import { purgeMessagingTables } from '../messaging/housekeeping';
import { Metrics } from '../metrics/metrics';
import { connectNats } from '../nats/connection';
import { Namespace } from '../nats/namespace';
import { consumerConfig, provisionConsumer, provisionStream, streamConfig } from '../nats/provisioning';
import { requestQuery, serveQuery } from '../nats/queries';
import { connectRedis } from '../redis/redis';
import { ConsumerRegistry } from './consumer-registry';
import { migrateAsOwner } from './migrate';
import { QueryRegistry } from './query-registry';
import { checkReadiness, type Readiness } from './readiness';
import type { ServiceDefinition } from './service-definition';

const HOUR_MS = 60 * 60 * 1000;

/** A server the service cannot reach at start, with what to do about it. */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
  constructor(
    readonly dependency: 'postgres' | 'nats' | 'redis',
    readonly address: string,
    cause: unknown,
  ) {
    super(`cannot reach ${dependency} at ${address}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** MIGRATE_ON_START is off and the schema has migrations that were never applied. */
export class SchemaNotCurrentError extends Error {
  override readonly name = 'SchemaNotCurrentError';
  constructor(readonly schema: string) {
    super(
      `schema ${schema} has migrations that were not applied; run the migrate command (node dist/migrate.js) first`,
    );
  }
}

export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * The connections and messaging machinery of one running service, with no NestJS in it:
 * Postgres (its schema, migrated), NATS (streams and consumers provisioned), Redis, the
 * outbox and its relay. `start` and `stop` order things so that nothing committed is lost.
 */
export class ServiceRuntime {
  readonly metrics: Metrics;
  readonly ns: Namespace;
  readonly consumers = new ConsumerRegistry();
  readonly queries = new QueryRegistry();
  readonly outbox: Outbox;
  dataSource!: DataSource;
  nats!: NatsConnection;
  js!: JetStreamClient;
  jsm!: JetStreamManager;
  redis!: Redis;
  deadLetters!: DeadLetters;
  private relay?: OutboxRelay;
  private housekeeping?: NodeJS.Timeout;
  private running: Array<JetStreamConsumer<never>> = [];
  private answering: Subscription[] = [];

  constructor(
    readonly definition: ServiceDefinition,
    readonly config: PlatformConfig,
    readonly logger: Logger,
    options: { defaultMetrics?: boolean } = {},
  ) {
    this.metrics = new Metrics(definition.name, options);
    this.ns = new Namespace(config.NATS_NAMESPACE);
    this.outbox = new Outbox(definition.schema);
  }

  /** Opens every connection, then migrates the schema when MIGRATE_ON_START is set. */
  async connect(): Promise<void> {
    const { definition, config, logger } = this;
    this.dataSource = createDataSource({
      url: config.DATABASE_URL,
      schema: definition.schema,
      poolSize: config.DATABASE_POOL_SIZE,
      applicationName: definition.name,
      migrations: definition.migrations,
      entities: definition.entities,
      preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    });
    try {
      await this.dataSource.initialize();
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw new DependencyUnavailableError('postgres', hostOf(config.DATABASE_URL), error);
    }
    this.deadLetters = new DeadLetters(this.dataSource, definition.schema, this.outbox);
    try {
      this.nats = await connectNats(
        { url: config.NATS_URL, name: `${definition.name}-${process.pid}` },
        logger,
      );
    } catch (error) {
      throw new DependencyUnavailableError('nats', hostOf(config.NATS_URL), error);
    }
    this.js = jetstream(this.nats);
    try {
      this.jsm = await jetstreamManager(this.nats);
    } catch (error) {
      throw new DependencyUnavailableError('nats', `${hostOf(config.NATS_URL)} (JetStream enabled?)`, error);
    }
    try {
      this.redis = await connectRedis(config.REDIS_URL, definition.name, logger);
    } catch (error) {
      throw new DependencyUnavailableError('redis', hostOf(config.REDIS_URL), error);
    }
    // Only once every server answered: a missing one is reported before the schema is touched.
    if (config.MIGRATE_ON_START) {
      // The service's own role may not change its schema; the migration role (its owner) does.
      if (config.DATABASE_MIGRATION_URL) await migrateAsOwner(definition, config, logger);
      else await migrate(this.dataSource, definition.schema, logger);
    } else await this.requireCurrentSchema();
  }

  /**
   * Where migrations run as a separate step (a Kubernetes Job), a replica must not serve
   * against a schema that step has not brought up to date: it stops and says so instead.
   */
  private async requireCurrentSchema(): Promise<void> {
    const [exists] = await this.dataSource.query<Array<{ present: boolean }>>(
      `SELECT to_regclass($1) IS NOT NULL AS present`,
      [`${this.definition.schema}.migrations`],
    );
    if (!exists?.present || (await this.dataSource.showMigrations())) {
      throw new SchemaNotCurrentError(this.definition.schema);
    }
  }

  /** Provisions streams and consumers, then starts the relay and every registered consumer. */
  async startMessaging(): Promise<void> {
    const { definition, config, logger } = this;
    const registrations = this.consumers.all();
    const streams = new Map(definition.streams.map((stream) => [stream.name, stream]));
    for (const registration of registrations)
      streams.set(registration.declaration.stream.name, registration.declaration.stream);
    for (const stream of streams.values()) {
      await provisionStream(this.jsm, streamConfig(stream, this.ns, config.NATS_STREAM_REPLICAS), logger);
    }
    for (const { declaration } of registrations) {
      const declared = consumerConfig(declaration, this.ns) as Parameters<typeof provisionConsumer>[2];
      await provisionConsumer(this.jsm, this.ns.stream(declaration.stream.name), declared, logger);
    }
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      databaseUrl: config.DATABASE_URL,
      schema: definition.schema,
      publisher: this.js,
      ns: this.ns,
      logger,
      metrics: this.metrics,
      pollMs: config.OUTBOX_POLL_MS,
      listeningPollMs: config.OUTBOX_LISTENING_POLL_MS,
    });
    await this.relay.start();
    this.scheduleHousekeeping();
    for (const registration of registrations) {
      const consumer = new JetStreamConsumer({
        declaration: registration.declaration,
        handler: registration.handler,
        prepare: registration.prepare,
        orderingKey: registration.orderingKey,
        js: this.js,
        ns: this.ns,
        dataSource: this.dataSource,
        schema: definition.schema,
        deadLetters: this.deadLetters,
        logger,
        metrics: this.metrics,
        concurrency: registration.concurrency ?? config.CONSUMER_CONCURRENCY,
        batchSize: registration.oneTransactionPerMessage ? 1 : config.CONSUMER_BATCH_SIZE,
      });
      await consumer.start();
      this.running.push(consumer as unknown as JetStreamConsumer<never>);
    }
    for (const { query, handler } of this.queries.all()) {
      this.answering.push(serveQuery(this.nats, this.ns, definition.name, query, handler, logger));
    }
    logger.info(
      {
        streams: [...streams.keys()],
        consumers: registrations.map((r) => r.declaration.durable),
        queries: this.queries.all().map((r) => r.query.subject),
      },
      'messaging started',
    );
  }

  /** Hourly, at a random minute per replica: trims the outbox and inbox tables. */
  private scheduleHousekeeping(): void {
    const longestStreamAge = Math.max(...Object.values(streams).map((stream) => stream.maxAgeMs));
    const retention = {
      outboxMs: this.config.OUTBOX_RETENTION_HOURS * HOUR_MS,
      inboxMs: longestStreamAge + 24 * HOUR_MS,
    };
    const run = () => {
      purgeMessagingTables(this.dataSource, this.definition.schema, retention).then(
        (purged) => this.logger.info({ purged }, 'messaging tables trimmed'),
        (error: unknown) => this.logger.warn({ err: error }, 'trimming messaging tables failed; will retry'),
      );
    };
    const first = setTimeout(run, Math.random() * HOUR_MS);
    first.unref();
    this.housekeeping = setInterval(run, HOUR_MS);
    this.housekeeping.unref();
  }

  /** Asks another service a query (see requestQuery for the errors it throws). */
  ask<Request, Response>(
    query: QueryDefinition<Request, Response>,
    request: Request,
    timeoutMs?: number,
  ): Promise<Response> {
    return requestQuery(this.nats, this.ns, query, request, timeoutMs);
  }

  readiness(): Promise<Readiness> {
    return checkReadiness(
      {
        postgres: () => this.dataSource.query('SELECT 1'),
        nats: async () => {
          if (this.nats.isClosed()) throw new Error('connection closed');
          await this.nats.flush();
        },
        redis: () => this.redis.ping(),
      },
      2_000,
      this.definition.readinessRequires ?? ['postgres', 'nats', 'redis'],
    );
  }

  /**
   * Graceful stop: stop pulling and let in-flight messages finish, publish what the outbox
   * still holds, then close connections. Each step is bounded by SHUTDOWN_GRACE_MS.
   */
  async stop(): Promise<void> {
    const grace = this.config.SHUTDOWN_GRACE_MS;
    clearInterval(this.housekeeping);
    // Queries first: in-flight requests are answered, new ones go to other replicas.
    await Promise.all(this.answering.map((subscription) => subscription.drain().catch(() => undefined)));
    this.answering = [];
    await Promise.all(this.running.map((consumer) => consumer.stop(grace)));
    this.running = [];
    await this.relay
      ?.stop(grace)
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbox flush failed'));
    await this.nats?.drain().catch(() => undefined);
    this.redis?.disconnect();
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }
}
