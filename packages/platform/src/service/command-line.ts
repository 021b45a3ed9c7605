import { z } from 'zod';
import { ConfigError, loadConfig, urlWithScheme } from '../config/config';
import { SERVICE_CONNECTIONS } from '../database/connection-budget';
import { ensureDatabaseRoles, planFromUrls, serviceUrlVariable } from '../database/roles';
import { ProvisioningError } from '../nats/provisioning';
import { runMigrations, runSeed, type SeedFunction } from './migrate';
import { runService } from './bootstrap';
import { DependencyUnavailableError, hostOf, SchemaNotCurrentError } from './runtime';
import type { ServiceDefinition } from './service-definition';

interface Telemetry {
  shutdown(): Promise<void>;
}

const HOW_TO_GET: Record<DependencyUnavailableError['dependency'], string> = {
  postgres:
    'Start PostgreSQL (Debian: apt-get install postgresql; pg_ctlcluster 15 main start) or `docker compose up -d postgres`, or set DATABASE_URL.',
  nats: 'Start NATS with JetStream (Debian: apt-get install nats-server; nats-server -js) or `docker compose up -d nats`, or set NATS_URL.',
  redis:
    'Start Redis (Debian: apt-get install redis-server; redis-server --daemonize yes) or `docker compose up -d redis`, or set REDIS_URL.',
};

/** What a person starting a service should read when it cannot start; no stack trace. */
export function explainStartFailure(error: unknown): string | undefined {
  if (error instanceof DependencyUnavailableError) return `${error.message}\n${HOW_TO_GET[error.dependency]}`;
  if (error instanceof ConfigError || error instanceof SchemaNotCurrentError) return error.message;
  if (error instanceof ProvisioningError)
    return `NATS streams or consumers could not be set up: ${error.message}`;
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return `the HTTP port is already taken (${(error as Error).message}); set HTTP_PORT to a free one`;
  }
  return undefined;
}

function fail(name: string, error: unknown): never {
  const explained = explainStartFailure(error);
  process.stderr.write(
    `${name}: ${explained ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
}

/** The `main` of a service binary: serve until SIGTERM or SIGINT, then stop gracefully. */
export async function serveFromCommandLine(
  definition: ServiceDefinition,
  telemetry?: Telemetry,
): Promise<void> {
  try {
    await runService(definition, { handleSignals: true });
    process.once('exit', () => void telemetry?.shutdown());
  } catch (error) {
    await telemetry?.shutdown().catch(() => undefined);
    fail(definition.name, error);
  }
}

/** The `migrate` binary: apply migrations and exit 0, or explain and exit 1. */
export async function migrateFromCommandLine(definition: ServiceDefinition): Promise<void> {
  try {
    await runMigrations(definition);
    process.exit(0);
  } catch (error) {
    fail(`${definition.name} migrate`, error);
  }
}

/** The `seed` binary: writes the service's demo data (idempotently) and exits. */
export async function seedFromCommandLine(definition: ServiceDefinition, seed: SeedFunction): Promise<void> {
  try {
    const summary = await runSeed(definition, seed);
    process.stdout.write(`${definition.name}: ${summary}\n`);
    process.exit(0);
  } catch (error) {
    fail(`${definition.name} seed`, error);
  }
}

/** What the roles step reads: the administrator's login and the logins it creates. */
export function rolesStepConfigSchema() {
  const postgresUrl = urlWithScheme('postgres', 'postgresql');
  return z.object({
    /** A superuser (or a CREATEROLE owner of the database): creates roles and grants. */
    DATABASE_ADMIN_URL: postgresUrl,
    DATABASE_MIGRATION_URL: postgresUrl,
    ...Object.fromEntries(
      SERVICE_CONNECTIONS.map((entry) => [serviceUrlVariable(entry.service), postgresUrl]),
    ),
  });
}

/**
 * The `setup-roles` command (`node node_modules/@threadline/platform/dist/bin/setup-roles.js`):
 * creates the migration role and every service's role with the names and passwords of their
 * URLs, and their grants, idempotently; then exits. Compose and Kubernetes run it before the
 * migrations (decision 46).
 */
export async function setupRolesFromCommandLine(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const config = loadConfig(rolesStepConfigSchema(), env) as Record<string, string>;
    const plan = planFromUrls(
      config.DATABASE_ADMIN_URL!,
      config.DATABASE_MIGRATION_URL!,
      Object.fromEntries(
        SERVICE_CONNECTIONS.map((entry) => [entry.service, config[serviceUrlVariable(entry.service)]]),
      ),
    );
    try {
      await ensureDatabaseRoles(config.DATABASE_ADMIN_URL!, plan);
    } catch (error) {
      throw new DependencyUnavailableError('postgres', hostOf(config.DATABASE_ADMIN_URL!), error);
    }
    process.stdout.write(
      `database roles ready on ${plan.database}: ${[plan.migrator, ...plan.services.map((s) => s.role)]
        .map((role) => role.name)
        .join(', ')}\n`,
    );
    process.exit(0);
  } catch (error) {
    fail('setup-roles', error);
  }
}
