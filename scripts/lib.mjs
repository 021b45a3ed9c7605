// Shared by the start and test commands. Plain Node.js with no dependencies: it runs before
// anything is installed (on the pinned Node line: see runtime.mjs).
import { spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
import { ensurePnpm, fail, pathWithTools, PNPM_VERSION, ROOT } from './runtime.mjs';

export { fail, pathWithTools, ROOT } from './runtime.mjs';

export function log(message) {
  process.stdout.write(`threadline: ${message}\n`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: pathWithTools(), ...options });
  if (result.status !== 0)
    fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

export function installDependencies() {
  ensurePnpm();
  log(`Node.js ${process.versions.node}, pnpm ${PNPM_VERSION}; installing dependencies from the lockfile`);
  run('pnpm', ['install', '--frozen-lockfile']);
}

function reachable(url, timeoutMs = 1500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), hostname, () => done(true));
  });
}

export const SERVERS = [
  {
    name: 'NATS (with JetStream)',
    variable: 'NATS_URL',
    url: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    how: 'Debian: apt-get install nats-server && nats-server -js -sd /var/lib/nats-server &',
    compose: 'nats',
  },
  {
    name: 'PostgreSQL',
    variable: 'DATABASE_URL',
    url: process.env.DATABASE_URL || 'postgres://postgres:postgres@127.0.0.1:5432/threadline',
    how: 'Debian: apt-get install postgresql && pg_ctlcluster 15 main start',
    compose: 'postgres',
  },
  {
    name: 'Redis',
    variable: 'REDIS_URL',
    url: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    how: 'Debian: apt-get install redis-server && redis-server --daemonize yes',
    compose: 'redis',
  },
];

/** Stops with a message that says which server is missing and how to get it. */
export async function requireServers() {
  const missing = [];
  for (const server of SERVERS) if (!(await reachable(server.url))) missing.push(server);
  if (missing.length === 0) return;
  const lines = missing.map(
    (server) =>
      `  - ${server.name} is not reachable at ${new URL(server.url).host} (${server.variable}).\n      ${server.how}`,
  );
  fail(
    `cannot start: a server Threadline needs is down.\n${lines.join('\n')}\n` +
      `  Or, with Docker: docker compose up -d ${missing.map((server) => server.compose).join(' ')}`,
  );
}
