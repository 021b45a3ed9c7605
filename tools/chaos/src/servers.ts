import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, reachable } from '@threadline/testkit';
import { Client } from 'pg';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const NATS_SERVER = '/usr/sbin/nats-server';
const REDIS_SERVER = 'redis-server';

export type ServerName = 'postgres' | 'nats' | 'redis';

/** One of the run's own servers: nobody else uses it, so it may be stopped at will. */
export interface PrivateServer {
  name: ServerName;
  url: string;
  start(): Promise<void>;
  /** `crash`: as if the machine lost power (Postgres immediate mode, SIGKILL otherwise). */
  stop(how?: 'graceful' | 'crash'): Promise<void>;
}

export interface PrivateServers {
  postgres: PrivateServer;
  nats: PrivateServer;
  redis: PrivateServer;
  /** The platform variables pointing at these servers. */
  env: Record<string, string>;
  /** Stops all three and removes their data; safe to call twice. */
  dispose(): Promise<void>;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * PostgreSQL in a data directory of its own, run as the `postgres` OS user (initdb refuses
 * root), started and stopped with pg_ctl. fsync is off: the run tests the services' handling
 * of a server restart, not of the machine losing power, and a loaded machine is slow enough.
 */
async function privatePostgres(dir: string): Promise<PrivateServer> {
  const port = await freePort();
  const data = join(dir, 'postgres');
  await mkdir(data);
  await chown(dir, ...(await postgresIds()));
  await chown(data, ...(await postgresIds()));
  const asPostgres = (binary: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args], { maxBuffer: 8_000_000 });
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const url = `postgres://postgres@127.0.0.1:${port}/threadline`;
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    // fsync off survives what the run does (a crash of the server process; the kernel keeps its
    // writes). synchronous_commit stays on: off, a crash loses commits the services were told of.
    '-c fsync=off',
    '-c max_connections=300',
  ].join(' ');
  let created = false;
  return {
    name: 'postgres',
    url,
    async start() {
      await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
      const admin = url.replace(/\/threadline$/, '/postgres');
      await waitUntil('PostgreSQL', () => postgresAnswers(admin));
      if (!created) {
        const client = new Client({ connectionString: admin });
        await client.connect();
        await client.query('CREATE DATABASE threadline');
        await client.end();
        created = true;
      }
    },
    async stop(how = 'graceful') {
      await asPostgres('pg_ctl', [
        '-D',
        data,
        '-m',
        how === 'crash' ? 'immediate' : 'fast',
        '-w',
        'stop',
      ]).catch(() => undefined);
    },
  };
}

async function postgresIds(): Promise<[number, number]> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return [Number(uid.stdout.trim()), Number(gid.stdout.trim())];
}

/** A server that is one foreground process (NATS, Redis): started again with the same arguments. */
function foregroundServer(
  name: ServerName,
  url: string,
  command: string,
  args: string[],
  logFile: string,
): PrivateServer {
  let child: ChildProcess | undefined;
  let stopping = false;
  return {
    name,
    url,
    async start() {
      stopping = false;
      const started = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      const lines: string[] = [];
      const keep = (chunk: Buffer) => {
        lines.push(chunk.toString());
        if (lines.length > 50) lines.shift();
      };
      started.stdout?.on('data', keep);
      started.stderr?.on('data', keep);
      started.once('exit', (code) => {
        if (child === started) child = undefined;
        void writeFile(logFile, lines.join(''), { flag: 'a' }).catch(() => undefined);
        if (!stopping && code !== null && code !== 0)
          process.stderr.write(`chaos: ${name} exited with ${code}\n`);
      });
      await waitUntil(name, () => reachable(url, 500));
    },
    async stop(how = 'graceful') {
      const running = child;
      if (!running || running.exitCode !== null) return;
      stopping = true;
      const exited = once(running, 'exit');
      running.kill(how === 'crash' ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

/** Starts the run's own PostgreSQL, NATS (JetStream) and Redis on free ports in a temp dir. */
export async function startPrivateServers(): Promise<PrivateServers> {
  const dir = await mkdtemp(join(tmpdir(), 'threadline-chaos-'));
  const natsPort = await freePort();
  const redisPort = await freePort();
  await mkdir(join(dir, 'nats'));
  const postgres = await privatePostgres(dir);
  const nats = foregroundServer(
    'nats',
    `nats://127.0.0.1:${natsPort}`,
    NATS_SERVER,
    ['-js', '-sd', join(dir, 'nats'), '-a', '127.0.0.1', '-p', String(natsPort)],
    join(dir, 'nats.log'),
  );
  const redis = foregroundServer(
    'redis',
    `redis://127.0.0.1:${redisPort}`,
    REDIS_SERVER,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    join(dir, 'redis.log'),
  );
  const servers = [postgres, nats, redis];
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await Promise.all(servers.map((server) => server.stop('crash')));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(servers.map((server) => server.start()));
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    postgres,
    nats,
    redis,
    env: { DATABASE_URL: postgres.url, NATS_URL: nats.url, REDIS_URL: redis.url },
    dispose,
  };
}
