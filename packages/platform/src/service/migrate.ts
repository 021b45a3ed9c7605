import type { DataSource, EntityManager } from 'typeorm';
import type { PlatformConfig } from '../config/config';
import { loadConfig } from '../config/config';
import { createDataSource, migrate } from '../database/database';
import { createLogger, type Logger } from '../logging/logger';
import { DependencyUnavailableError, hostOf } from './runtime';
import type { ServiceDefinition } from './service-definition';

/**
 * Runs `work` with a short-lived connection pool to the service's schema, for the one-shot
 * commands (migrate, seed), and closes it whatever happens.
 */
export async function withSchemaConnection<T>(
  definition: ServiceDefinition,
  url: string,
  role: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource({
    url,
    schema: definition.schema,
    // Two: while one connection holds the migration lock the other runs the migrations.
    poolSize: 2,
    applicationName: `${definition.name}-${role}`,
    migrations: definition.migrations,
    entities: definition.entities,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DependencyUnavailableError('postgres', hostOf(url), error);
  }
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The `migrate` command: applies a service's migrations and exits (a Kubernetes Job runs it). */
export async function runMigrations(
  definition: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const config = loadConfig(definition.configSchema, env) as PlatformConfig;
  const logger = createLogger({ service: `${definition.name}-migrate`, level: config.LOG_LEVEL });
  return migrateAsOwner(definition, config, logger);
}

/** The login migrations run as: the schema owner's when configured, else the service's own. */
export function migrationUrlOf(config: PlatformConfig): string {
  return config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
}

/**
 * Applies the service's migrations over a short-lived connection as the migration role
 * (DATABASE_MIGRATION_URL), which owns the schema; the service's own pool never holds DDL rights.
 */
export function migrateAsOwner(
  definition: ServiceDefinition,
  config: PlatformConfig,
  logger: Logger,
): Promise<string[]> {
  return withSchemaConnection(definition, migrationUrlOf(config), 'migrate', (dataSource) =>
    migrate(dataSource, definition.schema, logger),
  );
}

/** Writes a service's own demo data into its own schema; must be idempotent (upserts). */
export type SeedFunction = (manager: EntityManager, config: PlatformConfig) => Promise<string>;

/**
 * The `seed` command: migrates the schema, then runs `seed` in one transaction and returns
 * its summary. Each service seeds only its own schema, like everything else it writes.
 */
export async function runSeed(
  definition: ServiceDefinition,
  seed: SeedFunction,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  await runMigrations(definition, env);
  const config = loadConfig(definition.configSchema, env) as PlatformConfig;
  return withSchemaConnection(definition, config.DATABASE_URL, 'seed', (dataSource) =>
    dataSource.transaction((manager) => seed(manager, config)),
  );
}
