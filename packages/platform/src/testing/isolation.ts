import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { serversFromEnv, type TestServers } from './servers';

/**
 * One test run's private corner of the shared servers: its own Postgres database and its
 * own NATS namespace (streams `T<id>_*`, subjects `t<id>.*`), so runs in parallel never see
 * each other, and `dispose` leaves nothing behind.
 */
export interface IsolatedEnvironment {
  id: string;
  servers: TestServers;
  databaseUrl: string;
  namespace: string;
  /** Environment for a service under test: the platform variables pointing at this run. */
  env: Record<string, string>;
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
  return {
    id,
    servers,
    databaseUrl,
    namespace,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      NATS_URL: servers.natsUrl,
      REDIS_URL: servers.redisUrl,
      NATS_NAMESPACE: namespace,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_MS: '50',
      SHUTDOWN_GRACE_MS: '3000',
    },
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
