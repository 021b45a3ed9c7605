// `npm start`: install, build, make sure the database exists, write the demo data, then run
// the six services and the SMS provider simulator with their logs interleaved, until Ctrl-C
// (which stops each one gracefully). One that dies meanwhile is restarted (supervisor.cjs).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installDependencies, log, pathWithTools, requireServers, ROOT, run, SERVERS } from './lib.mjs';
import { runOnPinnedNode } from './runtime.mjs';
import { describeExit, Supervisor } from './supervisor.cjs';

const SERVICES = [
  ['agent-gateway', 3000, 'services/agent-gateway/dist/main.js'],
  ['sms-gateway', 3001, 'services/sms-gateway/dist/main.js'],
  ['profile', 3002, 'services/profile/dist/main.js'],
  ['interaction', 3003, 'services/interaction/dist/main.js'],
  ['routing', 3004, 'services/routing/dist/main.js'],
  ['timer', 3005, 'services/timer/dist/main.js'],
  ['simulator', 3100, 'tools/provider-simulator/dist/main.js'],
];
/** Settings only some services read: the demo company numbers (docs/virtual-agent.md). */
const SERVICE_ENV = {
  interaction: {
    INTERACTION_COMPANY_NUMBERS_FILE: join(ROOT, 'services/interaction/config/demo-company-numbers.json'),
  },
};
/** Services with demo data; each seed command migrates its schema first and is idempotent. */
const SEEDED = ['agent-gateway', 'sms-gateway', 'profile'];

await runOnPinnedNode();
installDependencies();
await requireServers();
log('building');
run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']);
const adminDatabaseUrl = SERVERS.find((server) => server.variable === 'DATABASE_URL').url;
await ensureDatabase(adminDatabaseUrl);
const DATABASE_ENV = await ensureRoles(adminDatabaseUrl);
log('writing demo data');
for (const name of SEEDED) {
  run(process.execPath, [join(ROOT, 'services', name, 'dist', 'seed.js')], {
    env: { ...pathWithTools(), LOG_LEVEL: 'warn', ...DATABASE_ENV[name] },
  });
}

const supervisor = new Supervisor({
  processes: SERVICES.map(([name, port, entry]) => ({
    name,
    command: process.execPath,
    args: [join(ROOT, entry)],
    cwd: ROOT,
    env: {
      HTTP_PORT: String(port),
      SIM_HTTP_PORT: String(port),
      ...SERVICE_ENV[name],
      ...pathWithTools(),
      ...DATABASE_ENV[name],
    },
  })),
  log,
  onLine: printLine,
});
supervisor.stopOnSignals();
const ready = await startAll(supervisor);
// Without `ready`, a process failed to start or Ctrl-C came first: the others are stopping.
if (ready) {
  log('all services are up:');
  for (const { name, url } of ready) {
    const docs = name === 'simulator' ? 'see tools/provider-simulator/README.md' : `docs ${url}/docs`;
    process.stdout.write(`  ${name.padEnd(14)} ${url}   ${docs}\n`);
  }
  const gatewayUrl = ready.find(({ name }) => name === 'agent-gateway').url;
  const simulatorUrl = ready.find(({ name }) => name === 'simulator').url;
  process.stdout.write(`
Try it in two browser tabs:
  1. Agent workspace: sign in as alice (password threadline-demo); signing in makes her available.
  2. Demo phone: as Ada Lovelace, text Support "Hi, my order is late" and Send.
  3. The offer appears in alice's Inbox: accept it, reply, and watch the reply arrive on the phone.
  4. Billing (+15550100002) answers with its virtual agent first: text it from the phone, pick from
     its menu, then text AGENT to be handed to alice (services/interaction/config/demo-company-numbers.json).
Or without a browser: be alice in a terminal (node scripts/agent-console.mjs alice) and text as Ada with
  curl -s -X POST '${simulatorUrl}/sim/phones/%2B15551230001/messages' \\
    -H 'content-type: application/json' -d '{"to": "+15550100001", "body": "Hi, my order is late"}'
  and read what her phone received with curl -s '${simulatorUrl}/sim/phones/%2B15551230001/messages'

  ┌──────────────────────────────────────────────────────────────────────────────
  │ Agent workspace: ${gatewayUrl}/app/ (alice / threadline-demo)
  │ Demo phone:      ${simulatorUrl}/
  └──────────────────────────────────────────────────────────────────────────────

`);
  log('press Ctrl-C to stop');

  // Once up, a service that dies is restarted with a line saying so; from now on each is announced
  // again when it listens.
  supervisor.on('listening', (name, url) => log(`${name} is listening again at ${url}`));
}

async function ensureDatabase(url) {
  const require = createRequire(join(ROOT, 'packages', 'platform', 'package.json'));
  const { Client } = require('pg');
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1)) || 'threadline';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      log(`created database ${database}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Least privilege on a developer's machine too (decision 46): creates the roles
 * threadline_migrator and threadline_<schema> (password threadline-local, for this machine
 * only) through the administrator's DATABASE_URL, and gives each service its own login and the
 * migrator's for its migrations.
 */
async function ensureRoles(adminUrl) {
  const require = createRequire(join(ROOT, 'packages', 'platform', 'package.json'));
  const { deriveRoles, ensureDatabaseRoles } = require('./dist/database/roles.js');
  const roles = deriveRoles(adminUrl, { prefix: 'threadline', password: 'threadline-local' });
  await ensureDatabaseRoles(adminUrl, roles.plan);
  return Object.fromEntries(
    Object.entries(roles.serviceUrls).map(([name, url]) => [
      name,
      { DATABASE_URL: url, DATABASE_MIGRATION_URL: roles.migrationUrl },
    ]),
  );
}

/**
 * Starts every process and resolves with their URLs once each listens. One that dies before it
 * ever listened has a setting or a server wrong, which a restart would only repeat: everything
 * stops, as before the supervisor existed, and its own output above says why.
 */
function startAll(supervisor) {
  return new Promise((resolve) => {
    const urls = new Map();
    const onListening = (name, url) => {
      if (urls.has(name)) return;
      urls.set(name, url);
      if (urls.size < SERVICES.length) return;
      supervisor.off('listening', onListening);
      resolve(SERVICES.map(([service]) => ({ name: service, url: urls.get(service) })));
    };
    supervisor.on('listening', onListening);
    supervisor.once('stopped', () => resolve(undefined));
    supervisor.once('failed', (name, code, signal) => {
      process.stderr.write(
        `threadline: ${name} exited (${describeExit(code, signal)}) before it was up; stopping the others\n`,
      );
      process.exitCode = 1;
      supervisor.stop();
    });
    supervisor.start();
  });
}

/** A service's JSON log line as "[name]  level message"; anything else as it came. */
function printLine(name, line, stream) {
  const label = `[${name}]`.padEnd(16);
  if (stream === 'stderr') {
    process.stderr.write(`${label}${line}\n`);
    return;
  }
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    process.stdout.write(`${label}${line}\n`);
    return;
  }
  process.stdout.write(
    `${label}${String(record.level ?? '').padEnd(5)} ${record.message ?? record.msg ?? ''}\n`,
  );
}
