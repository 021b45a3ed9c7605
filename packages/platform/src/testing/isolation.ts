import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { deriveRoles, ensureDatabaseRoles } from '../database/roles';
import { serversFromEnv, type TestServers } from './servers';

/**
 * The tests' own roles (decision 46): `threadline_test_migrator` and `threadline_test_<schema>`,
 * shared by every test database of a server (roles are cluster-wide; grants are per database),
 * and apart from the `threadline_*` roles a local `npm start` logs in with.
 */
const TEST_ROLE_PREFIX = 'threadline_test';
/** Public on purpose: the roles exist only to prove the grants, on throw-away databases. */
const TEST_ROLE_PASSWORD = 'threadline-test';

/**
 * One test run's private corner of the shared servers: its own Postgres database and its
 * own NATS namespace (streams `T<id>_*`, subjects `t<id>.*`), so runs in parallel never see
 * each other, and `dispose` leaves nothing behind.
 */
export interface IsolatedEnvironment {
  id: string;
  servers: TestServers;
  /** The administrator's connection to this run's database (for tests that look inside). */
  databaseUrl: string;
  namespace: string;
  /**
   * Environment for a service under test: the platform variables pointing at this run. Its
   * DATABASE_URL and DATABASE_MIGRATION_URL are the migration role's (owner of every schema, no
   * superuser); {@link envFor} gives a known service its own, least-privileged role.
   */
  env: Record<string, string>;
  /** {@link env} with DATABASE_URL the given service's own role (`profile`, `sms-gateway`, ...). */
  envFor(service: string): Record<string, string>;
  /** DATABASE_URL of each known service's role, by service name. */
  serviceDatabaseUrls: Record<string, string>;
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createIsolatedEnvironment(
  servers: TestServers = serversFromEnv(),
): Promise<IsolatedEnvironment> {
  const id = randomBytes(4).toString('hex');
  const namespace = `t${id}`;
  const database = `threadline_test_${id}`;
  const admin = new Client({ connectionString: servers.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(servers.databaseUrl, database);
  const roles = deriveRoles(databaseUrl, { prefix: TEST_ROLE_PREFIX, password: TEST_ROLE_PASSWORD });
  try {
    await ensureDatabaseRoles(servers.databaseUrl, roles.plan);
  } catch (error) {
    await disposeEnvironment(servers, database, namespace).catch(() => undefined);
    throw error;
  }
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: roles.migrationUrl,
    DATABASE_MIGRATION_URL: roles.migrationUrl,
    NATS_URL: servers.natsUrl,
    REDIS_URL: servers.redisUrl,
    NATS_NAMESPACE: namespace,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_MS: '50',
    SHUTDOWN_GRACE_MS: '3000',
  };
  return {
    id,
    servers,
    databaseUrl,
    namespace,
    env,
    envFor(service) {
      const own = roles.serviceUrls[service];
      if (!own)
        throw new Error(
          `no database role for ${service}; known: ${Object.keys(roles.serviceUrls).join(', ')}`,
        );
      return { ...env, DATABASE_URL: own };
    },
    serviceDatabaseUrls: roles.serviceUrls,
    dispose: () => disposeEnvironment(servers, database, namespace),
  };
}

async function disposeEnvironment(servers: TestServers, database: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: servers.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `${namespace.toUpperCase()}_`;
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nc.close();
  }
  const admin = new Client({ connectionString: servers.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
