import type { PlatformConfig } from '../config/config';
import { loadConfig } from '../config/config';
import { createDataSource, migrate } from '../database/database';
import { createLogger } from '../logging/logger';
import { DependencyUnavailableError, hostOf } from './runtime';
import type { ServiceDefinition } from './service-definition';

/** The `migrate` command: applies a service's migrations and exits (a Kubernetes Job runs it). */
export async function runMigrations(
  definition: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const config = loadConfig(definition.configSchema, env) as PlatformConfig;
  const logger = createLogger({ service: `${definition.name}-migrate`, level: config.LOG_LEVEL });
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: definition.schema,
    // One connection holds the migration lock while another runs the migrations.
    poolSize: 2,
    applicationName: `${definition.name}-migrate`,
    migrations: definition.migrations,
    entities: definition.entities,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DependencyUnavailableError('postgres', hostOf(config.DATABASE_URL), error);
  }
  try {
    return await migrate(dataSource, definition.schema, logger);
  } finally {
    await dataSource.destroy();
  }
}
