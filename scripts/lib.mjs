// Shared by the start and test commands. Plain Node.js with no dependencies: it runs before
// anything is installed (on the pinned Node line: see runtime.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** The browser the browser specs drive (e2e/support/browser.ts): Debian's chromium, never a download. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Stops with a message that says which server is missing and how to get it; with `browser`, also
 * when there is no chromium for the browser specs (the tests need it, `npm start` does not).
 */
export async function requireServers({ browser = false } = {}) {
  const missing = [];
  for (const server of SERVERS) if (!(await reachable(server.url))) missing.push(server);
  const noBrowser = browser && !existsSync(CHROMIUM_PATH);
  if (missing.length === 0 && !noBrowser) return;
  const lines = missing.map(
    (server) =>
      `  - ${server.name} is not reachable at ${new URL(server.url).host} (${server.variable}).\n      ${server.how}`,
  );
  if (noBrowser) {
    lines.push(
      `  - Chromium, for the browser tests, is not at ${CHROMIUM_PATH} (CHROMIUM_PATH).\n` +
        '      Debian: apt-get install chromium (the tests drive it headless; they never download a browser)',
    );
  }
  if (missing.length === 0)
    fail(`cannot test: a tool Threadline's tests need is missing.\n${lines.join('\n')}`);
  fail(
    `cannot start: a server Threadline needs is down.\n${lines.join('\n')}\n` +
      `  Or, with Docker: docker compose up -d ${missing.map((server) => server.compose).join(' ')}`,
  );
}
