// Shared by the start and test commands. Plain Node.js with no dependencies: it runs before
// anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PNPM_VERSION = '10.34.8';
const TOOLS = join(ROOT, '.tools');

export function log(message) {
  process.stdout.write(`threadline: ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`threadline: ${message}\n`);
  process.exit(1);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: pathWithTools(), ...options });
  if (result.status !== 0)
    fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

/** PATH with the project's own pnpm first, so turbo finds the pinned version. */
export function pathWithTools(env = process.env) {
  return { ...env, PATH: `${join(TOOLS, 'node_modules', '.bin')}:${env.PATH ?? ''}` };
}

/** pnpm at the pinned version, installed inside the repository (no global install, no corepack). */
export function ensurePnpm() {
  const bin = join(TOOLS, 'node_modules', '.bin', 'pnpm');
  if (existsSync(bin)) {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (version === PNPM_VERSION) return;
  }
  log(`installing pnpm ${PNPM_VERSION} into .tools/`);
  run('npm', [
    'install',
    '--prefix',
    TOOLS,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    `pnpm@${PNPM_VERSION}`,
  ]);
}

export function installDependencies() {
  ensurePnpm();
  log('installing dependencies from the lockfile');
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
