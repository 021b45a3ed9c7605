import { Socket } from 'node:net';
import { dockerAvailable, serversFromEnv, type TestServers } from '@threadline/platform/testing';

export class ServersUnavailableError extends Error {
  override readonly name = 'ServersUnavailableError';
}

/** Resolves when a TCP connection to `url`'s host and port succeeds within `timeoutMs`. */
export function reachable(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => done(true));
  });
}

let containers: Promise<TestServers> | undefined;

/**
 * The servers for this test run: the ones the environment names (default: local) when they
 * answer; otherwise, only where a Docker engine exists, throw-away containers. Anything else
 * is a clear error naming what is missing, never a hang.
 */
export async function resolveTestServers(env: NodeJS.ProcessEnv = process.env): Promise<TestServers> {
  const servers = serversFromEnv(env);
  const missing = (
    await Promise.all(
      (Object.entries(servers) as Array<[keyof TestServers, string]>).map(async ([key, url]) =>
        (await reachable(url)) ? undefined : `${key} (${url})`,
      ),
    )
  ).filter((entry): entry is string => entry !== undefined);
  if (missing.length === 0) return servers;
  if (await dockerAvailable()) {
    containers ??= startContainers();
    return containers;
  }
  throw new ServersUnavailableError(
    `test servers unreachable: ${missing.join(', ')}. Start NATS (with -js), PostgreSQL and Redis locally, ` +
      'or run `docker compose up -d nats postgres redis`, or point NATS_URL, DATABASE_URL and REDIS_URL at running ones.',
  );
}

/** Only reached where Docker answers; CI here has local servers and never loads testcontainers. */
async function startContainers(): Promise<TestServers> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const [nats, postgres, redis] = await Promise.all([
    new GenericContainer('nats:2.10-alpine')
      .withCommand(['-js'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start(),
    new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start(),
    new GenericContainer('redis:7-alpine').withExposedPorts(6379).start(),
  ]);
  return {
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    databaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
    redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
  };
}
