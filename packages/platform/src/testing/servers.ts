import { connect } from 'node:net';

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

/**
 * True when a Docker engine answers its ping on the local socket (or DOCKER_HOST is set, which
 * testcontainers then uses), so throw-away containers could stand in for missing servers.
 * A docker client without an engine, as on CI here, answers false.
 */
export function dockerAvailable(socketPath = '/var/run/docker.sock', timeoutMs = 1_000): Promise<boolean> {
  if (process.env.DOCKER_HOST) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n\r\n'))
        done(/^HTTP\/1\.[01] 200/.test(answer) && answer.trimEnd().endsWith('OK'));
    });
    socket.once('end', () => done(/^HTTP\/1\.[01] 200/.test(answer) && answer.trimEnd().endsWith('OK')));
  });
}
