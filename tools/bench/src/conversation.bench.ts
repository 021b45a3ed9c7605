// The first conversation's baseline: inbound SMS through the whole system (six services as
// real processes), from the provider's webhook to the agent's WebSocket, next to the raw
// Postgres commit rate and the raw JetStream publish rate measured in the same run.
//
//   pnpm bench        BENCH_SMS=20000 BENCH_PAIRS=2000 BENCH_SMS_CONCURRENCY=32 by default;
//                     BENCH_RATE=50 paces phase 2 to measure latency below saturation;
//                     phase 3 offers BENCH_PACED_RATE=300 SMS/s for BENCH_PACED_SECONDS=10 s
//                     (0 seconds leaves it out) and reports the latencies at that load;
//                     BENCH_CPU_PROFILE_DIR=<dir> profiles every service (see profile-report.ts);
//                     OTEL_* variables (OTEL_TRACES_SAMPLER...) and DATABASE_PREPARED_STATEMENTS
//                     are passed to every service
//
// The bench plays the provider: it signs and posts webhooks as Twilio does. Phase 1 sends the
// first message of every phone pair (R1: a new interaction, routed and offered; the agents
// accept every offer); phase 2 sends the rest to those ongoing pairs (R2: appended and pushed
// to the assigned agent). Latency is measured from posting the webhook to the agent's socket.
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDataSource, Namespace } from '@threadline/platform';
import {
  AgentClient,
  type AgentEvent,
  createIsolatedEnvironment,
  eventually,
  type ProcessName,
  resolveTestServers,
  SERVICE_NAMES,
  startSystem,
  type SystemOptions,
} from '@threadline/testkit';
import { type CpuGroups, cpuDelta, readCpu } from './process-cpu';
import { rawJetStreamPublishRate, rawPostgresCommitRate } from './raw-rates';
import { rate, runPool, summarise } from './stats';
import { postTwilioInbound } from './twilio-inbound';
import { memoryOf } from './timer-processes';

const TOTAL = Number(process.env.BENCH_SMS ?? 20_000);
const PAIRS = Math.min(TOTAL, Number(process.env.BENCH_PAIRS ?? Math.max(1, Math.round(TOTAL / 10))));
const CONCURRENCY = Number(process.env.BENCH_SMS_CONCURRENCY ?? 32);
const RAW_SAMPLES = Number(process.env.BENCH_RAW_SAMPLES ?? 5_000);
/** Phase 2 offered load in messages per second; unset: as fast as the webhook answers. */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
/** Phase 3: the load at which the latencies the aims name are measured, and for how long. */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 300);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);
const AGENTS = ['alice', 'bob', 'maria'];

/** How many answers were 503 (sent again after Retry-After), when any were. */
function refusals(count: number): string {
  return count === 0 ? '' : ` (${count} answered 503 first, then retried)`;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function phoneOf(pair: number): string {
  return `+1555${String(8_000_000 + pair).padStart(7, '0')}`;
}

/** Sends one inbound SMS as Twilio would and returns how long the gateway took to answer. */
async function postInbound(webhookUrl: string, index: number, from: string, body: string): Promise<number> {
  const sid = `SM${index.toString(16).padStart(32, '0')}`;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    const answer = await postTwilioInbound(webhookUrl, { sid, from, body });
    if (answer.status === 200) return performance.now() - started;
    // Overloaded, the gateway sheds load with 503 and Retry-After; the bench retries as a provider
    // that retries webhooks would, and the latency counts from the first attempt.
    if (answer.status !== 503 || attempt === MAX_WEBHOOK_ATTEMPTS)
      throw new Error(`webhook answered ${answer.status} for message ${index} (attempt ${attempt})`);
    refusedWebhooks += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0.1, answer.retryAfterSeconds ?? 1) * 1_000));
  }
}

const MAX_WEBHOOK_ATTEMPTS = 20;
/** Webhooks the gateway answered 503 (and the bench sent again), since the counter was last read. */
let refusedWebhooks = 0;

function takeRefused(): number {
  const refused = refusedWebhooks;
  refusedWebhooks = 0;
  return refused;
}

/** Where each service writes its V8 CPU profile on exit (read with dist/profile-report.js); unset: none. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
const PROFILED: ProcessName[] = [...SERVICE_NAMES, 'simulator'];

function withProfiles(envOf: SystemOptions['envOf'] & object): SystemOptions['envOf'] {
  if (!PROFILE_DIR) return envOf;
  const result = { ...envOf };
  for (const name of PROFILED)
    result[name] = { ...result[name], NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}/${name}` };
  return result;
}

interface DatabaseActivity {
  commits: number;
  rowsWritten: number;
  rowsRead: number;
}

/**
 * The bench database's counters. Postgres publishes a busy backend's counts at most once a second
 * and an idle one's within ten, so the reading waits that long first: it is taken when the
 * system has gone quiet, and the figure is exact.
 */
async function databaseActivity(db: { query<T>(sql: string): Promise<T> }): Promise<DatabaseActivity> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const [row] = await db.query<Array<{ commits: string; written: string; read: string }>>(
    `SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS written,
            tup_returned + tup_fetched AS read
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { commits: Number(row!.commits), rowsWritten: Number(row!.written), rowsRead: Number(row!.read) };
}

/** Variables of the bench's own environment passed on to every service. */
const FORWARDED = /^(OTEL_\w+|DATABASE_PREPARED_STATEMENTS)$/;

/** The servers every service uses, by the kernel's name of their processes. */
const SERVERS = { postgres: ['postgres'], nats: ['nats-server'], redis: ['redis-server'] };
const BENCH_CLIENT = 'bench client (not counted)';

/** Resident memory of each service now (`rssKb`) or at its peak so far (`peakKb`), in kB, summed over replicas. */
async function rssOf(groups: CpuGroups, field: 'rssKb' | 'peakKb'): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const [group, pids] of Object.entries(groups.services)) {
    if (group === BENCH_CLIENT) continue;
    let total = 0;
    for (const pid of pids) total += (await memoryOf(pid))[field];
    result.set(group, total);
  }
  return result;
}

/** CPU-ms per SMS of each process group in both phases, the system's total, and each service's memory. */
function cpuTable(
  phase1: Array<{ group: string; cpuMs: number }>,
  phase1Sms: number,
  phase2: Array<{ group: string; cpuMs: number }>,
  phase2Sms: number,
  idleRssKb: ReadonlyMap<string, number>,
  peakRssKb: ReadonlyMap<string, number>,
): string {
  const perSms = (rows: typeof phase1, count: number, group: string) =>
    (rows.find((row) => row.group === group)?.cpuMs ?? 0) / Math.max(1, count);
  const total = (rows: typeof phase1, count: number) =>
    rows.filter((row) => row.group !== BENCH_CLIENT).reduce((sum, row) => sum + row.cpuMs, 0) /
    Math.max(1, count);
  const mb = (kb: number | undefined) => (kb === undefined ? '' : `${(kb / 1024).toFixed(0)} MB`);
  const lines = [
    `  ${'process'.padEnd(28)} ${'phase 1 ms/SMS'.padStart(15)} ${'phase 2 ms/SMS'.padStart(15)} ${'RSS idle'.padStart(9)} ${'RSS peak'.padStart(9)}`,
  ];
  for (const { group } of phase2)
    lines.push(
      `  ${group.padEnd(28)} ${perSms(phase1, phase1Sms, group).toFixed(2).padStart(15)} ${perSms(phase2, phase2Sms, group).toFixed(2).padStart(15)} ${mb(idleRssKb.get(group)).padStart(9)} ${mb(peakRssKb.get(group)).padStart(9)}`,
    );
  lines.push(
    `  ${'the system, in all'.padEnd(28)} ${total(phase1, phase1Sms).toFixed(2).padStart(15)} ${total(phase2, phase2Sms).toFixed(2).padStart(15)}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  say(`conversation benchmark: ${TOTAL} inbound SMS over ${PAIRS} phone pairs, ${CONCURRENCY} in flight`);
  const environment = await createIsolatedEnvironment(await resolveTestServers());
  say('starting the six services and the provider simulator');
  const system = await startSystem(environment, {
    // The variables whose cost the bench compares reach every service (tracing, prepared statements).
    env: {
      LOG_LEVEL: 'info',
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => FORWARDED.test(name))),
    },
    envOf: withProfiles({
      // Agents never run out of room here: capacity is routing's business, not this benchmark's.
      routing: { ROUTING_DEFAULT_CAPACITY: String(TOTAL) },
    }),
  });
  const agents: AgentClient[] = [];
  try {
    // Each service's processes by pid; the servers by name (they may serve others, so run the
    // bench on a quiet machine); the bench's own client apart, as it is not part of the system.
    const cpuGroups: CpuGroups = { services: {}, servers: SERVERS };
    for (const { name, process: running } of system.all)
      if (running.child.pid !== undefined) (cpuGroups.services[name] ??= []).push(running.child.pid);
    cpuGroups.services[BENCH_CLIENT] = [process.pid];
    const idleRssKb = await rssOf(cpuGroups, 'rssKb');
    const webhookUrl = `${system.urls['sms-gateway']}/webhooks/twilio/sms`;
    const sentAt = new Map<string, number>();
    const socketLatency: number[] = [];
    let pushed = 0;
    let lastPushAt = 0;
    let accepted = 0;
    const acceptedOffers = new Set<string>();
    let lastAcceptAt = 0;
    const onEvent = (event: AgentEvent) => {
      if (event.type !== 'message.appended') return;
      const body = (event.data.message as { body?: unknown } | undefined)?.body;
      const started = typeof body === 'string' ? sentAt.get(body) : undefined;
      if (started === undefined || typeof body !== 'string') return;
      sentAt.delete(body);
      lastPushAt = performance.now();
      socketLatency.push(lastPushAt - started);
      pushed += 1;
    };
    for (const username of AGENTS) {
      const agent = await AgentClient.login(system.urls['agent-gateway'], username, 'threadline-demo');
      await agent.connect();
      agent.onEvent((event) => {
        onEvent(event);
        // Agents online to accept: every offer is taken at once.
        // The same offer is pushed again when its details arrive after it: accept it once.
        if (event.type === 'offer.created' && !acceptedOffers.has(String(event.data.workItemId))) {
          acceptedOffers.add(String(event.data.workItemId));
          void agent.call('POST', `/offers/${String(event.data.workItemId)}/accept`).then((answer) => {
            if (answer.status !== 200) throw new Error(`accepting an offer answered ${answer.status}`);
            accepted += 1;
            lastAcceptAt = performance.now();
          });
        }
      });
      await agent.setPresence('available');
      agents.push(agent);
    }
    const webhookLatency: number[] = [];
    const send = async (index: number, pair: number) => {
      const body = `bench ${index}`;
      sentAt.set(body, performance.now());
      webhookLatency.push(await postInbound(webhookUrl, index, phoneOf(pair), body));
    };

    say(`phase 1: the first message of ${PAIRS} phone pairs (new interactions, offered and accepted)`);
    const phase1Start = performance.now();
    const cpuAtPhase1 = await readCpu(cpuGroups);
    await runPool(
      PAIRS,
      CONCURRENCY,
      (pair) => send(pair, pair),
      (done) => say(`  sent ${done}/${PAIRS}`),
    );
    const db = createDataSource({
      url: environment.databaseUrl,
      schema: 'public',
      poolSize: 20,
      applicationName: 'bench',
      migrations: [],
    });
    await db.initialize();
    await eventually(
      () => {
        if (accepted < PAIRS) throw new Error(`${accepted} of ${PAIRS} offers accepted`);
      },
      { timeoutMs: 10 * 60_000, intervalMs: 200 },
    );
    // Phase 2 needs every pair assigned, so its messages have an agent to be pushed to.
    await eventually(
      async () => {
        const [row] = await db.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM interaction.interaction WHERE state = 'work_in_progress'`,
        );
        if (row!.n < PAIRS) throw new Error(`${row!.n} of ${PAIRS} interactions in progress`);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    say(`  all ${PAIRS} offers accepted and their interactions in progress`);
    const phase1Ms = lastAcceptAt - phase1Start;

    const ongoing = TOTAL - PAIRS;
    say(
      `phase 2: ${ongoing} messages to the ongoing pairs, ${RATE ? `at ${RATE}/s` : 'as fast as the system takes them'}`,
    );
    pushed = 0;
    socketLatency.length = 0;
    const phase1Webhooks = webhookLatency.splice(0);
    const phase1Refused = takeRefused();
    const databaseAtPhase2 = await databaseActivity(db);
    const cpuAtPhase2 = await readCpu(cpuGroups);
    const phase2Start = performance.now();
    await runPool(
      ongoing,
      CONCURRENCY,
      async (index) => {
        // Paced: message i leaves no earlier than i / RATE seconds after the start, so the
        // latencies measured are those of a system that keeps up, without a queue building.
        if (RATE !== undefined) {
          const due = phase2Start + (index * 1_000) / RATE;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        await send(PAIRS + index, index % PAIRS);
      },
      (done) => say(`  sent ${done}/${ongoing}, pushed to agents ${pushed}`),
    );
    await eventually(
      () => {
        if (pushed < ongoing) throw new Error(`${pushed} of ${ongoing} pushed`);
      },
      { timeoutMs: 10 * 60_000, intervalMs: 500 },
    );
    const phase2Ms = lastPushAt - phase2Start;
    const cpuAtEnd = await readCpu(cpuGroups);
    const databaseAtEnd = await databaseActivity(db);
    const phase2Webhooks = webhookLatency.splice(0);
    const phase2Sockets = socketLatency.splice(0);
    const phase2Refused = takeRefused();

    // Phase 3: a steady offered load, each webhook sent when it is due whatever the answers
    // before it, so a system that cannot keep up shows it in its latencies.
    const paced = Math.round(PACED_RATE * PACED_SECONDS);
    let pacedSentMs = 0;
    if (paced > 0) {
      say(
        `phase 3: ${paced} messages to the ongoing pairs at ${PACED_RATE}/s, for the latencies at that load`,
      );
      pushed = 0;
      const phase3Start = performance.now();
      const sends: Array<Promise<void>> = [];
      for (let index = 0; index < paced; index++) {
        const wait = phase3Start + (index * 1_000) / PACED_RATE - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        sends.push(send(TOTAL + index, index % PAIRS));
      }
      pacedSentMs = performance.now() - phase3Start;
      await Promise.all(sends);
      await eventually(
        () => {
          if (pushed < paced) throw new Error(`${pushed} of ${paced} pushed`);
        },
        { timeoutMs: 10 * 60_000, intervalMs: 500 },
      );
    }
    const phase3Refused = takeRefused();
    const peakRssKb = await rssOf(cpuGroups, 'peakKb');

    say('measuring the raw ceilings on the same machine');
    const nc = await connect({ servers: environment.servers.natsUrl });
    const pgRate = await rawPostgresCommitRate(db, 'public.bench_raw', RAW_SAMPLES, 16);
    const natsRate = await rawJetStreamPublishRate(
      jetstream(nc),
      new Namespace(environment.namespace),
      RAW_SAMPLES,
    );
    await nc.close();
    await db.destroy();
    const perSms = (field: keyof DatabaseActivity) =>
      ((databaseAtEnd[field] - databaseAtPhase2[field]) / ongoing).toFixed(1);

    const endToEnd = rate(ongoing, phase2Ms);
    const phase1Hooks = summarise(phase1Webhooks);
    const webhooks = summarise(phase2Webhooks);
    const sockets = summarise(phase2Sockets);
    const pacedHooks = summarise(webhookLatency);
    const pacedSockets = summarise(socketLatency);
    say('');
    say('results');
    say(`  phase 1, new interactions (webhook → offer → accepted): ${rate(PAIRS, phase1Ms)} /s`);
    say(`  phase 2, sustained end to end (webhook → agent socket):   ${endToEnd} /s`);
    say(
      `    = ${(endToEnd / pgRate).toFixed(3)} × raw Postgres, ${(endToEnd / natsRate).toFixed(3)} × raw JetStream`,
    );
    say(
      `  webhook answer latency, phase 1: p50 ${phase1Hooks.p50.toFixed(1)} ms, p99 ${phase1Hooks.p99.toFixed(1)} ms${refusals(phase1Refused)}`,
    );
    say(
      `  webhook answer latency, phase 2: p50 ${webhooks.p50.toFixed(1)} ms, p99 ${webhooks.p99.toFixed(1)} ms${refusals(phase2Refused)}`,
    );
    say(
      `  webhook → agent socket, phase 2: p50 ${sockets.p50.toFixed(1)} ms, p99 ${sockets.p99.toFixed(1)} ms`,
    );
    if (paced > 0) {
      say(
        `  phase 3, offered ${rate(paced, pacedSentMs)} /s: webhook answer p50 ${pacedHooks.p50.toFixed(1)} ms, p99 ${pacedHooks.p99.toFixed(1)} ms${refusals(phase3Refused)}`,
      );
      say(
        `    webhook → agent socket at that load: p50 ${pacedSockets.p50.toFixed(1)} ms, p99 ${pacedSockets.p99.toFixed(1)} ms`,
      );
    }
    say(`  raw Postgres single-row commits:      ${pgRate} /s`);
    say(`  raw JetStream acknowledged publishes: ${natsRate} /s`);
    say(
      `  the database per SMS, phase 2: ${perSms('commits')} commits, ${perSms('rowsWritten')} rows written, ${perSms('rowsRead')} rows read`,
    );
    say('');
    say('CPU per SMS (kernel accounting, user + system), and memory');
    say(
      cpuTable(
        cpuDelta(cpuAtPhase1, cpuAtPhase2),
        PAIRS,
        cpuDelta(cpuAtPhase2, cpuAtEnd),
        ongoing,
        idleRssKb,
        peakRssKb,
      ),
    );
  } finally {
    for (const agent of agents) agent.close();
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
