import type { Logger } from 'pino';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { outboxPendingIndexMigration } from './outbox-pending-index.migration';
import { platformTablesMigration } from './platform-tables.migration';
import { PreparingClient } from './prepared-statements';
import { TraceAwareClient } from './trace-aware-client';
import { quoteIdent } from './sql';

export type { EntityManager } from 'typeorm';

export interface DatabaseSettings {
  url: string;
  /** The service's own schema; it reads and writes nothing else. */
  schema: string;
  poolSize: number;
  /** Shown in pg_stat_activity, so an operator can tell services apart. */
  applicationName: string;
  /** The service's migrations, oldest first; the platform tables come before them. */
  migrations: Array<new () => MigrationInterface>;
  entities?: DataSourceOptions['entities'];
  /** Keep parameterised statements prepared on each connection (default true). */
  preparedStatements?: boolean;
}

/**
 * One TypeORM DataSource per service schema, never synchronised from entities: the schema
 * changes only through migrations, and its migrations table lives inside the schema.
 */
export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    applicationName: settings.applicationName,
    poolSize: settings.poolSize,
    entities: settings.entities ?? [],
    migrations: [
      platformTablesMigration(settings.schema),
      outboxPendingIndexMigration(settings.schema),
      ...settings.migrations,
    ],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      // Unqualified names in a service's SQL resolve to its own schema. Prepared statements are
      // planned for their values each time: a generic plan, which Postgres may pick after five
      // calls, read whole tables under the bench where the values would have used an index.
      options: `-c search_path=${settings.schema}${settings.preparedStatements === false ? '' : ' -c plan_cache_mode=force_custom_plan'}`,
      connectionTimeoutMillis: 5_000,
      // Named prepared statements (prepared-statements.ts), unless turned off for PgBouncer; either
      // way no query spans for traces the sampler dropped (trace-aware-client.ts).
      Client: settings.preparedStatements === false ? TraceAwareClient : PreparingClient,
    },
  });
}

/**
 * Applies pending migrations. Replicas starting together take turns on an advisory lock,
 * so each migration runs once; the later ones find nothing left to do.
 */
export async function migrate(dataSource: DataSource, schema: string, logger: Logger): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [`threadline:migrate:${schema}`]);
    await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((migration) => migration.name);
    logger.info({ schema, applied: names }, names.length ? 'migrations applied' : 'schema is up to date');
    return names;
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`threadline:migrate:${schema}`])
      .catch(() => undefined);
    await lockRunner.release();
  }
}
