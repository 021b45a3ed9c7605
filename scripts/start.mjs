// `npm start`: install, build, make sure the database exists, write the demo data, then run
// the six services and the SMS provider simulator with their logs interleaved, until Ctrl-C
// (which stops each one gracefully).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { installDependencies, log, pathWithTools, requireServers, ROOT, run, SERVERS } from './lib.mjs';
import { runOnPinnedNode } from './runtime.mjs';

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

const children = [];
const ready = await Promise.all(SERVICES.map(([name, port, entry]) => startService(name, port, entry)));
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

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log('stopping all services');
    for (const child of children) child.kill('SIGTERM');
  });
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

function startService(name, port, entry) {
  const child = spawn(process.execPath, [join(ROOT, entry)], {
    cwd: ROOT,
    env: {
      HTTP_PORT: String(port),
      SIM_HTTP_PORT: String(port),
      ...SERVICE_ENV[name],
      ...pathWithTools(),
      ...DATABASE_ENV[name],
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const label = `[${name}]`.padEnd(16);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
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
      if (typeof record.url === 'string' && String(record.message).includes('listening'))
        resolve({ name, url: record.url });
    });
    createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${label}${line}\n`));
    child.on('exit', (code) => {
      if (!stopping) {
        reject(new Error(`${name} exited with ${code}`));
        process.stderr.write(`threadline: ${name} exited with code ${code}; stopping the others\n`);
        stopping = true;
        for (const other of children) if (other !== child) other.kill('SIGTERM');
        process.exitCode = 1;
      }
    });
  });
}
