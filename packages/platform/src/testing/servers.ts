import { existsSync } from 'node:fs';

/**
 * The servers tests run against: named by NATS_URL, DATABASE_URL and REDIS_URL, defaulting
 * to the local ones. DATABASE_URL names a server and a database tests may connect to in
 * order to create their own throw-away databases.
 */
export interface TestServers {
  natsUrl: string;
  /** Admin connection; each test run creates and drops its own database through it. */
  databaseUrl: string;
  redisUrl: string;
}

export const LOCAL_SERVERS: TestServers = {
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
  redisUrl: 'redis://127.0.0.1:6379',
};

export function serversFromEnv(env: NodeJS.ProcessEnv = process.env): TestServers {
  return {
    natsUrl: env.NATS_URL || LOCAL_SERVERS.natsUrl,
    databaseUrl: env.TEST_DATABASE_URL || env.DATABASE_URL || LOCAL_SERVERS.databaseUrl,
    redisUrl: env.REDIS_URL || LOCAL_SERVERS.redisUrl,
  };
}

/** True when a Docker engine socket exists, so testcontainers could start servers. */
export function dockerAvailable(): boolean {
  return existsSync('/var/run/docker.sock') || Boolean(process.env.DOCKER_HOST);
}
