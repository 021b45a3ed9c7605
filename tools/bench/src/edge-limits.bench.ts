// The limits at the edges (docs/reliability.md, decision 44) cost an honest client nothing it
// could notice. Two agent-gateway processes on one environment: one with the shipped limits
// (login failures counted in Redis, header/body/request timeouts, sockets per agent), one with
// every limit raised far out of reach (the raw baseline). The same honest client, one request
// at a time, alternates between them, so both see the same machine: successful logins, and
// GET /me with a token. Beside them, the Redis round trip the login limiter adds, alone.
//
//   node dist/edge-limits.bench.js   (BENCH_LOGINS=300, BENCH_REQUESTS=2000 by default)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connectRedis } from '@threadline/platform';
import pino from 'pino';
import {
  createIsolatedEnvironment,
  resolveTestServers,
  serviceBinary,
  spawnService,
  type ServiceProcess,
} from '@threadline/testkit';
import { summarise } from './stats';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 300);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const PASSWORD = 'threadline-demo';

/** Every limit far above anything this run reaches: the gateway as if it had none. */
const OUT_OF_REACH = {
  LOGIN_MAX_FAILURES_PER_USERNAME: '1000000',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
  HTTP_HEADERS_TIMEOUT_MS: '300000',
  HTTP_BODY_TIMEOUT_MS: '3600000',
  HTTP_REQUEST_TIMEOUT_MS: '3600000',
  AGENT_MAX_SOCKETS: '1000',
};

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function timed(task: () => Promise<Response>): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await task();
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`answered ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const logIn = (url: string) => () =>
  fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: PASSWORD }),
  });

async function tokenOf(url: string): Promise<string> {
  const response = await logIn(url)();
  return ((await response.json()) as { token: string }).token;
}

/** Runs `rounds` rounds of every task in turn, the order alternating, and collects each one's latencies. */
async function alternate(rounds: number, tasks: Array<() => Promise<Response>>): Promise<number[][]> {
  const samples = tasks.map(() => [] as number[]);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? tasks.keys() : [...tasks.keys()].reverse();
    for (const index of order) samples[index]!.push(await timed(tasks[index]!));
  }
  return samples;
}

function row(label: string, samples: number[]): string {
  const { p50, p99 } = summarise(samples);
  return `${label.padEnd(44)} ${p50.toFixed(2).padStart(8)} ms ${p99.toFixed(2).padStart(8)} ms`;
}

async function main(): Promise<void> {
  say(`edge-limits benchmark: ${LOGINS} logins and ${REQUESTS} GET /me on each of two agent-gateways`);
  const environment = await createIsolatedEnvironment(await resolveTestServers());
  const processes: ServiceProcess[] = [];
  const redis = await connectRedis(
    environment.servers.redisUrl,
    'edge-limits-bench',
    pino({ level: 'warn' }),
  );
  try {
    const env = { ...environment.env, LOG_LEVEL: 'info' };
    await promisify(execFile)(process.execPath, [serviceBinary('agent-gateway', 'seed.js')], {
      env: { ...process.env, ...env },
    });
    const gateway = serviceBinary('agent-gateway', 'main.js');
    const limited = await spawnService(gateway, env);
    processes.push(limited);
    const raw = await spawnService(gateway, { ...env, ...OUT_OF_REACH });
    processes.push(raw);

    // Warm both (JIT, connection pools) before measuring.
    await alternate(20, [logIn(limited.url), logIn(raw.url)]);
    const [limitedLogins, rawLogins] = await alternate(LOGINS, [logIn(limited.url), logIn(raw.url)]);

    const [limitedToken, rawToken] = [await tokenOf(limited.url), await tokenOf(raw.url)];
    const me = (url: string, token: string) => () =>
      fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    await alternate(50, [me(limited.url, limitedToken), me(raw.url, rawToken)]);
    const [limitedMe, rawMe] = await alternate(REQUESTS, [
      me(limited.url, limitedToken),
      me(raw.url, rawToken),
    ]);

    // The limiter's own cost: one script call on two keys per login (and one more on success).
    const script =
      "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {c, redis.call('PTTL', KEYS[1])}";
    const key = `${environment.namespace}:bench:login-failures`;
    const roundTrips: number[] = [];
    for (let index = 0; index < LOGINS; index += 1) {
      const started = process.hrtime.bigint();
      await redis.eval(script, 1, key, 900_000);
      roundTrips.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    await redis.del(key);

    say('');
    say(`${''.padEnd(44)} ${'p50'.padStart(11)} ${'p99'.padStart(11)}`);
    say(row('login, limits on', limitedLogins!));
    say(row('login, limits out of reach (raw baseline)', rawLogins!));
    say(row('GET /me, limits on', limitedMe!));
    say(row('GET /me, limits out of reach (raw baseline)', rawMe!));
    say(row('Redis: the limiter’s count script, alone', roundTrips));
    say('');
    say(
      'A login costs a password hash (scrypt) either way; the limiter adds one Redis script call before it ' +
        'and one after a success. Timeouts are timers Node checks on an interval, nothing per request.',
    );
  } finally {
    redis.disconnect();
    for (const child of processes.reverse()) await child.stop();
    await environment.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
