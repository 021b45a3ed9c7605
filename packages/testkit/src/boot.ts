import { type RunningService, runService, type ServiceDefinition } from '@threadline/platform';
import type { IsolatedEnvironment } from '@threadline/platform/testing';
import pino from 'pino';

/**
 * Boots a service inside the test process against an isolated environment, logged in as its
 * own database role (decision 46): real servers,
 * a free port, quiet logs (TEST_LOG_LEVEL raises them) and no process-wide metrics, so
 * several services can share the process. Stop it with `service.stop()`.
 */
export function bootService(
  definition: ServiceDefinition,
  environment: IsolatedEnvironment,
  extraEnv: Record<string, string> = {},
): Promise<RunningService> {
  // A Threadline service logs in as its own role, as deployed; a test's own service as the migrator.
  const own =
    definition.name in environment.serviceDatabaseUrls
      ? environment.envFor(definition.name)
      : environment.env;
  const env = { ...own, ...extraEnv };
  return runService(definition, {
    env,
    logger: pino({ level: env.LOG_LEVEL ?? 'silent', base: { service: definition.name } }),
    defaultMetrics: false,
  });
}
