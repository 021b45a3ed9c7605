// `npm start`: install, build, make sure the database exists, then run all six services
// with their logs interleaved, until Ctrl-C (which stops each one gracefully).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { installDependencies, log, pathWithTools, requireServers, ROOT, run, SERVERS } from './lib.mjs';

const SERVICES = [
  ['agent-gateway', 3000],
  ['sms-gateway', 3001],
  ['profile', 3002],
  ['interaction', 3003],
  ['routing', 3004],
  ['timer', 3005],
];

installDependencies();
await requireServers();
log('building');
run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']);
await ensureDatabase(SERVERS.find((server) => server.variable === 'DATABASE_URL').url);

const children = [];
const ready = await Promise.all(SERVICES.map(([name, port]) => startService(name, port)));
log('all services are up:');
for (const { name, url } of ready) process.stdout.write(`  ${name.padEnd(14)} ${url}   docs ${url}/docs\n`);
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

function startService(name, port) {
  const child = spawn(process.execPath, [join(ROOT, 'services', name, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { HTTP_PORT: String(port), ...pathWithTools() },
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
      process.stdout.write(`${label}${record.level.padEnd(5)} ${record.message ?? ''}\n`);
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
