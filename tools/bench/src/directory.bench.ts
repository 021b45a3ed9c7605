// The user directory at size: importing users through agent-gateway's import endpoint, and
// resolving phone numbers against a directory of a million users.
//
//   pnpm bench        BENCH_IMPORT_USERS=100000 BENCH_DIRECTORY_USERS=1000000 BENCH_LOOKUPS=20000
//
// Phase 1 uploads a CSV of BENCH_IMPORT_USERS users as the demo admin, polls the import until
// it completes (the time an admin waits), then uploads the same file again (an idempotent
// repeat: every row is an update). Phase 2 grows the directory to BENCH_DIRECTORY_USERS with
// SQL (how the users got there is not what is measured), gives a tenth of them a messaging
// profile, and times lookups of random numbers (nine in ten known): once as the inbound
// consumer does them (the decision's one statement over a pooled connection) and once as a
// caller sees them (the profile.requester.lookup.v1 query over NATS, answer validated).
import { connect } from '@nats-io/transport-node';
import { queries } from '@threadline/contracts';
import { createDataSource, Namespace, requestQuery } from '@threadline/platform';
import { resolveRequester } from '@threadline/profile/dist/domain/resolve-requester';
import { ProfileRepository } from '@threadline/profile/dist/infra/profile.repository';
import { AgentClient, createIsolatedEnvironment, resolveTestServers, startSystem } from '@threadline/testkit';
import { rate, runPool, summarise } from './stats';

const IMPORT_USERS = Number(process.env.BENCH_IMPORT_USERS ?? 100_000);
const DIRECTORY_USERS = Math.max(IMPORT_USERS, Number(process.env.BENCH_DIRECTORY_USERS ?? 1_000_000));
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 20_000);

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The n-th directory number, in the fictitious 555 range, written as people write them. */
function mobileOf(n: number): string {
  const digits = String(n).padStart(7, '0');
  return `(555) ${digits.slice(0, 3)}-${digits.slice(3)}`;
}
function e164Of(n: number): string {
  return `+1555${String(n).padStart(7, '0')}`;
}

function csvOf(count: number): string {
  const lines = ['external_id,name,email,mobile,other_phones,active'];
  for (let i = 0; i < count; i += 1) {
    // Every tenth user also has a second number; every hundredth is deactivated.
    const other = i % 10 === 0 ? e164Of(5_000_000 + i) : '';
    lines.push(
      `bench-${i},Bench User ${i},user${i}@example.com,${mobileOf(i)},${other},${i % 100 === 99 ? 'no' : 'yes'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

interface ImportStatus {
  importId: string;
  state: string;
  processedRows: number;
  acceptedRows: number;
  rejectedRows: number;
  totalRows: number;
}

async function importFile(
  admin: AgentClient,
  baseUrl: string,
  csv: string,
): Promise<{ ms: number; status: ImportStatus }> {
  const started = performance.now();
  const answer = await fetch(`${baseUrl}/directory/imports?fileName=bench.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const accepted = (await answer.json()) as ImportStatus;
  if (answer.status !== 202) throw new Error(`import answered ${answer.status}: ${JSON.stringify(accepted)}`);
  let lastReported = 0;
  for (;;) {
    const { status } = await admin.expect<{ status: ImportStatus }>(
      200,
      'GET',
      `/directory/imports/${accepted.importId}?limit=1`,
    );
    if (status.state === 'completed') return { ms: performance.now() - started, status };
    if (status.state === 'stalled')
      throw new Error(`import ${status.importId} stalled at ${status.processedRows} rows`);
    if (status.processedRows - lastReported >= status.totalRows / 5) {
      lastReported = status.processedRows;
      say(
        `  ${status.processedRows}/${status.totalRows} rows after ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  say(`directory benchmark: import ${IMPORT_USERS} users, look up numbers among ${DIRECTORY_USERS}`);
  const environment = await createIsolatedEnvironment(await resolveTestServers());
  say('starting the six services and the provider simulator');
  const system = await startSystem(environment, { env: { LOG_LEVEL: 'info' } });
  const db = createDataSource({
    url: environment.databaseUrl,
    schema: 'profile',
    poolSize: 8,
    applicationName: 'bench',
    migrations: [],
  });
  const nc = await connect({ servers: environment.servers.natsUrl });
  try {
    await db.initialize();
    const baseUrl = system.urls['agent-gateway'];
    const admin = await AgentClient.login(baseUrl, 'admin', 'threadline-demo');

    // Phase 1: imports through the API.
    const csv = csvOf(IMPORT_USERS);
    say(`phase 1: uploading ${IMPORT_USERS} users (${(csv.length / 1024 / 1024).toFixed(1)} MiB of CSV)`);
    const first = await importFile(admin, baseUrl, csv);
    say('phase 1: uploading the same file again (every row an update)');
    const again = await importFile(admin, baseUrl, csv);
    const [counted] = await db.query<Array<{ users: number }>>(
      `SELECT count(*)::int AS users FROM directory_user WHERE external_id LIKE 'bench-%'`,
    );
    if (counted?.users !== IMPORT_USERS) {
      throw new Error(`expected ${IMPORT_USERS} imported users, found ${counted?.users}`);
    }

    // Phase 2: a directory of DIRECTORY_USERS, a tenth of them with a profile.
    say(`phase 2: growing the directory to ${DIRECTORY_USERS} users with SQL`);
    await db.query(
      `INSERT INTO directory_user (id, external_id, name, email)
       SELECT gen_random_uuid(), 'bulk-' || n, 'Bulk User ' || n, 'bulk' || n || '@example.com'
         FROM generate_series($1::int, $2::int - 1) AS n`,
      [IMPORT_USERS, DIRECTORY_USERS],
    );
    await db.query(
      `INSERT INTO directory_user_phone (user_id, address, kind)
       SELECT id, '+1555' || lpad(substr(external_id, 6), 7, '0'), 'mobile' FROM directory_user
        WHERE external_id LIKE 'bulk-%'`,
    );
    await db.query(
      `INSERT INTO messaging_profile (id, channel, address, user_id)
       SELECT gen_random_uuid(), 'sms', p.address, p.user_id FROM directory_user_phone p
        WHERE p.kind = 'mobile' AND right(p.address, 1) = '7'`,
    );
    // A directory that has been there a while: vacuumed (visibility map set, so autovacuum
    // does not start in the middle of the measurement) and with fresh statistics.
    await db.query('VACUUM (ANALYZE) directory_user, directory_user_phone, messaging_profile');

    const ns = new Namespace(environment.namespace);
    const numbers = Array.from({ length: LOOKUPS }, (_, i) =>
      // Nine in ten known to the directory, one in ten unknown.
      i % 10 === 9 ? e164Of(9_000_000 + i) : e164Of(Math.floor(Math.random() * DIRECTORY_USERS)),
    );
    const repository = new ProfileRepository(db.manager);
    // Warm-up, not measured: the first pass over the indexes reads them from disk.
    for (const address of numbers.slice(0, Math.min(2_000, numbers.length))) {
      await repository.resolutionInputs('sms', address);
      await requestQuery(nc, ns, queries.lookupRequester, { address });
    }
    const decisionLatency: number[] = [];
    const decisionStarted = performance.now();
    for (const address of numbers) {
      const started = performance.now();
      const { matches, profile } = await repository.resolutionInputs('sms', address);
      resolveRequester(matches, profile);
      decisionLatency.push(performance.now() - started);
    }
    const decisionMs = performance.now() - decisionStarted;

    // Where a lookup query's time goes: its statement alone, and a NATS round trip alone.
    const viewLatency: number[] = [];
    for (const address of numbers) {
      const started = performance.now();
      await repository.lookupInputs('sms', address);
      viewLatency.push(performance.now() - started);
    }
    const echo = nc.subscribe('bench.echo', {
      callback: (_error, message) => {
        message.respond(message.data);
      },
    });
    const echoLatency: number[] = [];
    for (const address of numbers) {
      const started = performance.now();
      await nc.request('bench.echo', address, { timeout: 5_000 });
      echoLatency.push(performance.now() - started);
    }
    echo.unsubscribe();

    const queryLatency: number[] = [];
    const queryStarted = performance.now();
    for (const address of numbers) {
      const started = performance.now();
      await requestQuery(nc, ns, queries.lookupRequester, { address });
      queryLatency.push(performance.now() - started);
    }
    const queryMs = performance.now() - queryStarted;
    const parallelStarted = performance.now();
    await runPool(numbers.length, 16, async (i) => {
      await requestQuery(nc, ns, queries.lookupRequester, { address: numbers[i]! });
    });
    const parallelMs = performance.now() - parallelStarted;

    const fmt = (ms: number) => ms.toFixed(2);
    const decision = summarise(decisionLatency);
    const query = summarise(queryLatency);
    const view = summarise(viewLatency);
    const roundTrip = summarise(echoLatency);
    say('');
    say('| figure | result |');
    say('|---|---|');
    say(
      `| import ${IMPORT_USERS} new users (upload → completed) | ${(first.ms / 1000).toFixed(1)} s, ${rate(IMPORT_USERS, first.ms)} rows/s |`,
    );
    say(
      `| the same file again (all updates) | ${(again.ms / 1000).toFixed(1)} s, ${rate(IMPORT_USERS, again.ms)} rows/s |`,
    );
    say(
      `| rows accepted / rejected (first import) | ${first.status.acceptedRows} / ${first.status.rejectedRows} |`,
    );
    say(`| directory size for lookups | ${DIRECTORY_USERS} users |`);
    say(
      `| resolve decision (1 statement), ${LOOKUPS} lookups | p50 ${fmt(decision.p50)} ms, p99 ${fmt(decision.p99)} ms, max ${fmt(decision.max)} ms, ${rate(LOOKUPS, decisionMs)}/s |`,
    );
    say(
      `| lookup statement alone (users, profile, numbers; 1 statement) | p50 ${fmt(view.p50)} ms, p99 ${fmt(view.p99)} ms |`,
    );
    say(
      `| NATS request/reply alone (echo in this process) | p50 ${fmt(roundTrip.p50)} ms, p99 ${fmt(roundTrip.p99)} ms |`,
    );
    say(
      `| lookup query over NATS, one at a time | p50 ${fmt(query.p50)} ms, p99 ${fmt(query.p99)} ms, max ${fmt(query.max)} ms, ${rate(LOOKUPS, queryMs)}/s |`,
    );
    say(`| lookup query over NATS, 16 in flight | ${rate(LOOKUPS, parallelMs)}/s |`);
  } finally {
    await nc.close();
    if (db.isInitialized) await db.destroy();
    await system.stop();
    await environment.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
