// Durable timers at size (issue 12, messaging actions): BENCH_TIMER_PENDING armed timers in the
// store, due over the next days, and with them present: re-arms per second, firing lateness at a
// steady rate, a burst due in one second, the service's memory, and two replicas firing together.
//
//   pnpm bench     BENCH_TIMER_PENDING=1000000        armed timers seeded, due in 1 h to 3 days
//                  BENCH_TIMER_REARM_WORKERS=4        concurrent re-arming workers (like 4 consumers)
//                  BENCH_TIMER_REARM_SECONDS=15       how long they re-arm
//                  BENCH_TIMER_FIRE_RATE=500          fires per second of the steady run
//                  BENCH_TIMER_FIRE_SECONDS=20        how long the steady run lasts
//                  BENCH_TIMER_BURST=100000           timers due in the same second
//                  BENCH_TIMER_SETTLE_SECONDS=5       the service runs this long before its RSS is read
//                  BENCH_TIMER_REPLICA_TIMERS=20000   timers the two replicas fire
//                  BENCH_TIMER_REPLICA_SPREAD_SECONDS=3   over how many seconds they fall due
//                  BENCH_TIMER_EMPTY_RSS=1            also the service's RSS over an empty store (off)
//   alone:         pnpm --filter @threadline/bench build && node tools/bench/dist/timer.bench.js
//
// The timer schema is migrated (timerService.migrations) in a database of the bench's own, dropped
// at the end, and seeded with one INSERT … SELECT over generate_series: two actions armed per
// interaction; timer ids md5(…)::uuid (hashes, like timerIdFor's v5), interaction ids ordered
// (like v7), the same in SQL and in timer-schedule.ts.
//  1. Store: the seed's time, and the table's size.
//  2. Re-arms: N workers, each transaction TimerRepository.disarm of an interaction's armed timer
//     + TimerRepository.arm of its next one (timerIdFor, due in a day). Beside it the same count of
//     raw UPDATE + INSERT pairs on a plain copy of the table (same columns, checks, indexes and
//     rows), through the same DataSource and pool; the two take turns in three rounds, so a change
//     in the machine's load (it is shared) falls on both alike.
//  3. Lateness at a steady rate: timers armed (TimerRepository.arm) due every 1000/rate ms, a
//     TimerScheduler on the system clock told of the first (notifyArmed), firing each by inserting
//     a row into a bench table in the claiming transaction (the real service writes its outbox row
//     there). Lateness = when `fire` got the timer − its deadline. Beside it: setTimeout's own
//     lateness for the same schedule, in this process, with nothing else running in it (it runs
//     while the burst's timers, armed, wait for their deadline).
//  4. Burst: the same scheduler, BENCH_TIMER_BURST timers due within one second, armed with one
//     INSERT … SELECT, as far ahead as arming (at half the seed's rate) and 3.'s baseline take.
//  5. Memory: `node services/timer/dist/main.js` (NODE_ENV=production) over this store, VmRSS once
//     /healthz answers and it settled; beside it a bare `node -e`.
//  6. Two replicas: two child processes (timer-replica.ts), a TimerScheduler each on its own
//     DataSource, both told of the first deadline, firing into a log table without a unique
//     constraint: a double fire shows there as two rows.
// Nothing is asserted: the summary prints each figure beside its aim.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDataSource, migrate } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/platform/testing';
import { SystemClock } from '@threadline/timer/dist/app/clock';
import { type FireTimer, TimerScheduler } from '@threadline/timer/dist/app/timer-scheduler';
import { timerIdFor } from '@threadline/timer/dist/domain/arming';
import { type NewTimer, TimerRepository } from '@threadline/timer/dist/infra/timer.repository';
import { timerService } from '@threadline/timer/dist/timer.service';
import pino from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { timeQueries } from './query-timing';
import { rate, summarise } from './stats';
import type { FromReplica, ToReplica } from './timer-replica';
import { bareNodeMemory, killChildren, memoryOf, startService, stop, tail, track } from './timer-processes';
import {
  ACTIONS_PER_INTERACTION,
  armingLeadMs,
  burstSchedule,
  envInteger,
  envNumber,
  interactionsOf,
  md5Uuid,
  rearmTarget,
  SEEDED_COLUMNS_SQL,
  seededTimer,
  steadySchedule,
} from './timer-schedule';

const PENDING = envInteger('BENCH_TIMER_PENDING', 1_000_000);
const WORKERS = envInteger('BENCH_TIMER_REARM_WORKERS', 4);
const REARM_SECONDS = envNumber('BENCH_TIMER_REARM_SECONDS', 15);
const FIRE_RATE = envNumber('BENCH_TIMER_FIRE_RATE', 500);
const FIRE_SECONDS = envNumber('BENCH_TIMER_FIRE_SECONDS', 20);
const BURST = envInteger('BENCH_TIMER_BURST', 100_000);
const SETTLE_SECONDS = envNumber('BENCH_TIMER_SETTLE_SECONDS', 5);
const REPLICA_TIMERS = envInteger('BENCH_TIMER_REPLICA_TIMERS', 20_000);
const REPLICA_SPREAD_SECONDS = envNumber('BENCH_TIMER_REPLICA_SPREAD_SECONDS', 3);
const EMPTY_RSS = Boolean(process.env.BENCH_TIMER_EMPTY_RSS);

const SCHEMA = timerService.schema;
/** The seeded timers fall due from an hour from now over three days: none fires during the run. */
const PENDING_FROM_MS = 3_600_000;
const PENDING_SPREAD_SECONDS = 3 * 86_400;
/** Where every firing of the bench writes its row (no unique constraint: a double fire shows). */
const FIRE_TABLE = 'bench_fire';
/** The re-arm baseline's plain copy of the timer table. */
const PLAIN_TABLE = 'bench_timer_plain';
/** Timers per TimerRepository.arm call when the bench arms many. */
const ARM_BATCH = 5_000;
/** The re-arm run and its baseline take turns this many times. */
const REARM_ROUNDS = 3;
const logger = pino({ level: 'silent' });
/** Set by SIGINT/SIGTERM: the run is being torn down. */
let interrupted = false;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '–');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const p50p99max = (samples: readonly number[]) => {
  const s = summarise(samples);
  return `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`;
};

// ---------------------------------------------------------------------------------------------
// 1. The store

async function seedPending(db: DataSource): Promise<{ insertMs: number; vacuumMs: number; bytes: number }> {
  const c = SEEDED_COLUMNS_SQL;
  const started = performance.now();
  await db.query(
    `INSERT INTO timer (id, interaction_id, action_id, due_at, armed_by_message_id)
     SELECT ${c.id}, ${c.interactionId}, ${c.actionId},
            $2::timestamptz + ((n * 7919) % $3::bigint) * interval '1 second', ${c.armedByMessageId}
       FROM generate_series(0, $1::bigint - 1) AS n`,
    [PENDING, new Date(Date.now() + PENDING_FROM_MS), PENDING_SPREAD_SECONDS],
  );
  const insertMs = performance.now() - started;
  await db.query(`VACUUM (ANALYZE) timer`);
  const vacuumMs = performance.now() - started - insertMs;
  // The bench re-arms by the ids it computes: they must be the seed's.
  const last = seededTimer(PENDING - 1);
  const [row] = await db.query<
    Array<{ interaction_id: string; action_id: string; armed_by_message_id: string }>
  >(`SELECT interaction_id, action_id, armed_by_message_id FROM timer WHERE id = $1 AND state = 'armed'`, [
    last.id,
  ]);
  if (
    row?.interaction_id !== last.interactionId ||
    row.action_id !== last.actionId ||
    row.armed_by_message_id !== last.armedByMessageId
  ) {
    throw new Error(`the seeded timer ${last.id} is not the one seededTimer() computes`);
  }
  const [size] = await db.query<Array<{ bytes: string }>>(`SELECT pg_total_relation_size('timer') AS bytes`);
  return { insertMs, vacuumMs, bytes: Number(size!.bytes) };
}

/** The plain copy for the re-arm baseline: the same columns, checks, indexes and rows. */
async function copyPlainTable(db: DataSource): Promise<number> {
  const started = performance.now();
  await db.query(`CREATE TABLE ${PLAIN_TABLE} (LIKE timer INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await db.query(`INSERT INTO ${PLAIN_TABLE} SELECT * FROM timer`);
  // The timer table's indexes as they are now (migrations others add included), built in bulk.
  const indexes = await db.query<Array<{ name: string; definition: string }>>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = $1 AND tablename = 'timer'`,
    [SCHEMA],
  );
  for (const index of indexes) {
    const definition = index.definition.replace(
      /^(CREATE (?:UNIQUE )?INDEX) (\S+) ON (\S+) /,
      `$1 ${PLAIN_TABLE}_$2 ON ${SCHEMA}.${PLAIN_TABLE} `,
    );
    if (definition === index.definition) throw new Error(`cannot copy the index ${index.definition}`);
    await db.query(definition);
  }
  await db.query(`VACUUM (ANALYZE) ${PLAIN_TABLE}`);
  return performance.now() - started;
}

// ---------------------------------------------------------------------------------------------
// 2. Re-arms

interface Rearm {
  disarmId: string;
  next: NewTimer;
}

/** Which timer each re-arm disarms and which it arms: action 0's of the worker's next interaction. */
class RearmPlan {
  /** Interaction index → the timer armed for its action 0, once re-armed. */
  private readonly armed = new Map<number, string>();
  private readonly interactions = interactionsOf(PENDING);

  next(worker: number, step: number): Rearm {
    const index = rearmTarget(worker, WORKERS, step, this.interactions);
    const seeded = seededTimer(index * ACTIONS_PER_INTERACTION);
    const disarmId = this.armed.get(index) ?? seeded.id;
    const messageId = randomUUID();
    const next: NewTimer = {
      id: timerIdFor(seeded.interactionId, seeded.actionId, messageId),
      interactionId: seeded.interactionId,
      actionId: seeded.actionId,
      armedByMessageId: messageId,
      dueAt: new Date(Date.now() + 86_400_000 + (index % 3_600) * 1_000),
    };
    this.armed.set(index, next.id);
    return { disarmId, next };
  }
}

interface RearmRun {
  count: number;
  ms: number;
  samples: number[];
  /** Summed over the transactions: the disarming statement, the arming one. */
  disarmMs: number;
  armMs: number;
  /** Transactions that disarmed or armed nothing (should be none). */
  misses: number;
  /** Which timer is armed for each interaction re-armed so far, in this run's table. */
  plan: RearmPlan;
  /** Each worker's next step, across rounds. */
  steps: number[];
}

function rearmRun(): RearmRun {
  const steps = Array.from({ length: WORKERS }, () => 0);
  return { count: 0, ms: 0, samples: [], disarmMs: 0, armMs: 0, misses: 0, plan: new RearmPlan(), steps };
}

/** Runs `run`, adding how long it took to the run's `key`. */
type Timed = <T>(key: 'disarmMs' | 'armMs', run: () => Promise<T>) => Promise<T>;

/** One round of `run`: WORKERS workers re-arming until `enough` (transactions begun, ms elapsed). */
async function rearm(
  db: DataSource,
  run: RearmRun,
  enough: (started: number, elapsedMs: number) => boolean,
  apply: (manager: EntityManager, op: Rearm, timed: Timed) => Promise<boolean>,
): Promise<{ count: number; ms: number }> {
  const timed: Timed = async (key, statement) => {
    const started = performance.now();
    try {
      return await statement();
    } finally {
      run[key] += performance.now() - started;
    }
  };
  let started = 0;
  const before = run.samples.length;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      while (!enough(started, performance.now() - begun)) {
        started += 1;
        const op = run.plan.next(worker, run.steps[worker]!);
        run.steps[worker]! += 1;
        const t0 = performance.now();
        const ok = await db.transaction((manager) => apply(manager, op, timed));
        run.samples.push(performance.now() - t0);
        if (!ok) run.misses += 1;
      }
    }),
  );
  const round = { count: run.samples.length - before, ms: performance.now() - begun };
  run.count += round.count;
  run.ms += round.ms;
  return round;
}

/** Per transaction, on average: the two statements, and the rest (pool, BEGIN, COMMIT). */
function rearmProfile(run: RearmRun): string {
  const total = run.samples.reduce((sum, ms) => sum + ms, 0);
  const per = (ms: number) => fmt(ms / Math.max(1, run.count));
  return `disarm ${per(run.disarmMs)} + arm ${per(run.armMs)} + pool/BEGIN/COMMIT ${per(total - run.disarmMs - run.armMs)} ms`;
}

const rearmWithRepository = async (manager: EntityManager, op: Rearm, timed: Timed) => {
  const store = new TimerRepository(manager);
  const disarmed = await timed('disarmMs', () => store.disarm([op.disarmId]));
  const armed = await timed('armMs', () => store.arm([op.next]));
  return disarmed.length === 1 && armed.length === 1;
};

const rearmRaw = async (manager: EntityManager, op: Rearm, timed: Timed) => {
  const updated: unknown = await timed('disarmMs', () =>
    manager.query(
      `UPDATE ${PLAIN_TABLE} SET state = 'disarmed', disarmed_at = now() WHERE id = $1 AND state = 'armed'`,
      [op.disarmId],
    ),
  );
  await timed('armMs', () =>
    manager.query(
      `INSERT INTO ${PLAIN_TABLE} (id, interaction_id, action_id, due_at, armed_by_message_id)
       VALUES ($1, $2, $3, $4, $5)`,
      [op.next.id, op.next.interactionId, op.next.actionId, op.next.dueAt, op.next.armedByMessageId],
    ),
  );
  // An UPDATE answers [rows, affected count].
  return Array.isArray(updated) && updated[1] === 1;
};

// ---------------------------------------------------------------------------------------------
// 3. and 4. Firing, in this process

/** Every timer `fire` got: when, and how late. */
class FireLog {
  readonly lateness = new Map<string, number>();
  lastAt = 0;
  lastLateness = Number.NaN;

  record(timerId: string, at: number, lateness: number): void {
    this.lateness.set(timerId, lateness);
    if (at >= this.lastAt) {
      this.lastAt = at;
      this.lastLateness = lateness;
    }
  }

  get size(): number {
    return this.lateness.size;
  }
}

/**
 * Where the scheduler's time goes: its claim transactions (the claim statement, the fires'
 * statements, and the rest: pool, BEGIN, COMMIT), and its other queries (nextDueAt).
 */
class SchedulerProfile {
  transactions: number[] = [];
  emptyClaims = 0;
  claimMs = 0;
  fireMs = 0;
  plans: number[] = [];
}

/** Times the scheduler's transactions and queries on `db` into `current()`. */
function instrument(db: DataSource, current: () => SchedulerProfile, fired: () => number): void {
  type Run = (manager: EntityManager) => Promise<unknown>;
  const transaction = db.transaction.bind(db) as (run: Run) => Promise<unknown>;
  (db as unknown as { transaction: (run: Run) => Promise<unknown> }).transaction = async (run: Run) => {
    const before = fired();
    const started = performance.now();
    try {
      return await transaction((manager) => {
        timeQueries(manager, (sql, ms) => {
          if (/^\s*UPDATE timer t SET state = 'fired'/.test(sql)) current().claimMs += ms;
          else current().fireMs += ms;
        });
        return run(manager);
      });
    } finally {
      current().transactions.push(performance.now() - started);
      if (fired() === before) current().emptyClaims += 1;
    }
  };
  timeQueries(db.manager, (_, ms) => current().plans.push(ms));
}

function profileLines(profile: SchedulerProfile, fired: number): string[] {
  const transactions = summarise(profile.transactions);
  const plans = summarise(profile.plans);
  const total = profile.transactions.reduce((sum, ms) => sum + ms, 0);
  const claiming = profile.transactions.length - profile.emptyClaims;
  const perFire = (ms: number) => `${((ms / Math.max(1, fired)) * 1000).toFixed(0)} µs`;
  return [
    `claim transactions ${profile.transactions.length} (${profile.emptyClaims} claimed none; ` +
      `${claiming > 0 ? (fired / claiming).toFixed(1) : '–'} timers per claim that fired), p50/p99 ` +
      `${fmt(transactions.p50)} / ${fmt(transactions.p99)} ms; nextDueAt ${profile.plans.length}×, p50/p99 ` +
      `${fmt(plans.p50)} / ${fmt(plans.p99)} ms`,
    `per timer fired: claim statement ${perFire(profile.claimMs)}, the batch's INSERT ${perFire(profile.fireMs)}, ` +
      `pool/BEGIN/COMMIT and JS ${perFire(total - profile.claimMs - profile.fireMs)}`,
  ];
}

/** Arms a timer of a new interaction per deadline, `ARM_BATCH` per TimerRepository.arm. */
async function armAll(db: DataSource, deadlines: readonly number[], actionId: string): Promise<number> {
  const store = new TimerRepository(db.manager);
  const started = performance.now();
  for (let from = 0; from < deadlines.length; from += ARM_BATCH) {
    const timers = deadlines.slice(from, from + ARM_BATCH).map((due): NewTimer => {
      const interactionId = randomUUID();
      const armedByMessageId = randomUUID();
      return {
        id: timerIdFor(interactionId, actionId, armedByMessageId),
        interactionId,
        actionId,
        armedByMessageId,
        dueAt: new Date(due),
      };
    });
    const armed = await store.arm(timers);
    if (armed.length !== timers.length) throw new Error(`armed ${armed.length} of ${timers.length} timers`);
  }
  return performance.now() - started;
}

/**
 * Arms a timer of a new interaction per deadline in one INSERT … SELECT, ids md5 of `label` and
 * the rank: the burst and the replicas' timers, many at once, quicker than through arm().
 */
async function armBySql(db: DataSource, deadlines: readonly number[], label: string): Promise<number> {
  const started = performance.now();
  await db.query(
    `INSERT INTO timer (id, interaction_id, action_id, due_at, armed_by_message_id)
     SELECT md5($2 || '-timer-' || i)::uuid, md5($2 || '-interaction-' || i)::uuid, $3::uuid,
            to_timestamp(at / 1000.0), md5($2 || '-message-' || i)::uuid
       FROM unnest($1::float8[]) WITH ORDINALITY AS u (at, i)`,
    [deadlines, label, md5Uuid(label)],
  );
  return performance.now() - started;
}

/** Waits until `done()` or `deadline` (epoch ms), saying `progress()` every five seconds. */
async function waitUntil(
  done: () => boolean | Promise<boolean>,
  deadline: number,
  progress: () => string,
): Promise<boolean> {
  let said = Date.now();
  while (!(await done())) {
    if (Date.now() > deadline) return false;
    if (Date.now() - said >= 5_000) {
      said = Date.now();
      say(`  ${progress()}`);
    }
    await sleep(100);
  }
  return true;
}

/** setTimeout's lateness for the same deadlines, with nothing else running in this process. */
async function setTimeoutLateness(deadlines: readonly number[]): Promise<number[]> {
  const lateness: number[] = [];
  await Promise.all(
    deadlines.map(
      (due) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              lateness.push(Date.now() - due);
              resolve();
            },
            Math.max(0, due - Date.now()),
          );
        }),
    ),
  );
  return lateness;
}

// ---------------------------------------------------------------------------------------------
// 5. Memory

interface ServiceMemory {
  rssKb: number;
  peakKb: number;
  healthyAfterMs: number;
  stoppedInMs: number;
  exit: string;
}

async function serviceMemory(environment: IsolatedEnvironment): Promise<ServiceMemory> {
  const main = require.resolve('@threadline/timer/dist/main.js');
  const service = await startService(main, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: environment.databaseUrl,
    NATS_URL: environment.servers.natsUrl,
    NATS_NAMESPACE: environment.namespace,
    REDIS_URL: environment.servers.redisUrl,
    SHUTDOWN_GRACE_MS: '3000',
  });
  try {
    await sleep(SETTLE_SECONDS * 1000);
    const memory = await memoryOf(service.child.pid!);
    const stopping = performance.now();
    await stop(service.child);
    const exit = String(service.child.exitCode ?? service.child.signalCode);
    if (service.child.exitCode !== 0) say(`  the service exited ${exit}:\n${tail(service.output)}`);
    return {
      ...memory,
      healthyAfterMs: service.healthyAfterMs,
      stoppedInMs: performance.now() - stopping,
      exit,
    };
  } finally {
    await stop(service.child, 'SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Two replicas

interface Replica {
  name: string;
  child: ChildProcess;
  messages: FromReplica[];
  next(type: FromReplica['type'], timeoutMs: number): Promise<FromReplica>;
}

function forkReplica(databaseUrl: string, name: string): Replica {
  const child = track(
    fork(join(__dirname, 'timer-replica.js'), [], {
      env: {
        ...process.env,
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_REPLICA: name,
        BENCH_FIRE_TABLE: FIRE_TABLE,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const messages: FromReplica[] = [];
  child.on('message', (message: FromReplica) => messages.push(message));
  const next = async (type: FromReplica['type'], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((message) => message.type === type);
      if (found) return found;
      const failed = messages.find((message) => message.type === 'error');
      if (failed && failed.type === 'error') throw new Error(`${name} failed: ${failed.message}`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited`);
      if (Date.now() > deadline) throw new Error(`${name}: no ${type} after ${timeoutMs} ms`);
      await sleep(50);
    }
  };
  return { name, child, messages, next };
}

interface ReplicaResult {
  perReplica: Array<{ replica: string; fires: number }>;
  doubles: number;
  neverFired: number;
  notFiredInStore: number;
  drained: boolean;
  drainedAfterMs: number;
  lateness: number[];
  leadMs: number;
}

async function twoReplicas(
  admin: DataSource,
  databaseUrl: string,
  insertedPerSecond: number,
): Promise<ReplicaResult> {
  const replicas = [forkReplica(databaseUrl, 'replica-a'), forkReplica(databaseUrl, 'replica-b')];
  try {
    for (const replica of replicas) await replica.next('ready', 60_000);
    const leadMs = armingLeadMs(REPLICA_TIMERS, insertedPerSecond, 2_000);
    const deadlines = burstSchedule(Date.now() + leadMs, REPLICA_TIMERS, REPLICA_SPREAD_SECONDS * 1000);
    const first = deadlines[0]!;
    const last = deadlines.at(-1)!;
    const actionId = md5Uuid('bench-replicas');
    await armBySql(admin, deadlines, 'bench-replicas');
    if (Date.now() > first) say(`  arming ended ${Date.now() - first} ms after the first deadline`);
    // Both replicas learn of the first deadline, as the one that armed would (the other would
    // find it at its horizon): they contend for every claim.
    for (const replica of replicas) replica.child.send({ type: 'armed', dueAt: first } satisfies ToReplica);
    const armedLeft = async () => {
      const [row] = await admin.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM timer WHERE state = 'armed' AND due_at <= $1`,
        [new Date(last)],
      );
      return row!.count;
    };
    const drained = await waitUntil(
      async () => (await armedLeft()) === 0,
      last + 120_000,
      () => `replicas: waiting for the last of ${REPLICA_TIMERS} timers`,
    );
    const drainedAfterMs = Date.now() - first;
    for (const replica of replicas) replica.child.send({ type: 'stop' } satisfies ToReplica);
    for (const replica of replicas) await replica.next('stopped', 30_000);

    const perReplica = await admin.query<Array<{ replica: string; fires: number }>>(
      `SELECT replica, count(*)::int AS fires FROM ${FIRE_TABLE} WHERE replica LIKE 'replica-%'
        GROUP BY replica ORDER BY replica`,
    );
    const [doubles] = await admin.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM (SELECT timer_id FROM ${FIRE_TABLE} GROUP BY timer_id HAVING count(*) > 1) d`,
    );
    const [never] = await admin.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM timer t
        WHERE t.action_id = $1 AND NOT EXISTS (SELECT 1 FROM ${FIRE_TABLE} f WHERE f.timer_id = t.id)`,
      [actionId],
    );
    const [notFired] = await admin.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM timer WHERE action_id = $1 AND state <> 'fired'`,
      [actionId],
    );
    const lateness = await admin.query<Array<{ ms: number }>>(
      `SELECT (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS ms FROM ${FIRE_TABLE}
        WHERE replica LIKE 'replica-%'`,
    );
    return {
      perReplica,
      doubles: doubles!.count,
      neverFired: never!.count,
      notFiredInStore: notFired!.count,
      drained,
      drainedAfterMs,
      lateness: lateness.map((row) => row.ms),
      leadMs,
    };
  } finally {
    for (const replica of replicas) await stop(replica.child, 'SIGTERM', 5_000);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const begun = performance.now();
  say(
    `timer benchmark: ${PENDING} pending timers; re-arms with ${WORKERS} workers for ${REARM_SECONDS} s; ` +
      `${FIRE_RATE} fires/s for ${FIRE_SECONDS} s; a burst of ${BURST}; ${REPLICA_TIMERS} timers over two replicas`,
  );
  const environment = await createIsolatedEnvironment();
  const admin = createDataSource({
    url: environment.databaseUrl,
    schema: SCHEMA,
    poolSize: WORKERS + 2,
    applicationName: 'bench-timer-admin',
    migrations: timerService.migrations,
  });
  const schedulerDb = createDataSource({
    url: environment.databaseUrl,
    schema: SCHEMA,
    poolSize: 4,
    applicationName: 'bench-timer-scheduler',
    migrations: [],
  });
  let scheduler: TimerScheduler | null = null;
  // Once, whether the run ends, fails or is interrupted (then both may ask for it).
  let disposing: Promise<void> | undefined;
  const dispose = () => (disposing ??= environment.dispose());
  const interrupt = () => {
    interrupted = true;
    say('interrupted: stopping the child processes and dropping the benchmark database');
    killChildren();
    void dispose()
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    await admin.initialize();
    await migrate(admin, SCHEMA, logger);
    await schedulerDb.initialize();
    await admin.query(
      `CREATE TABLE ${FIRE_TABLE} (timer_id uuid NOT NULL, replica text NOT NULL, due_at timestamptz NOT NULL,
                                   fired_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );

    // 1. The store.
    say(`1. seeding ${PENDING} armed timers`);
    const store = await seedPending(admin);
    say(
      `  inserted in ${seconds(store.insertMs)}, VACUUM ANALYZE ${seconds(store.vacuumMs)}, ` +
        `${megabytes(store.bytes / 1024)} with indexes`,
    );
    const copyMs = await copyPlainTable(admin);
    say(`  the baseline's plain copy made in ${seconds(copyMs)}`);

    // 2. Re-arms.
    say(
      `2. re-arming with ${WORKERS} workers for ${REARM_SECONDS} s, in ${REARM_ROUNDS} rounds each followed ` +
        `by the raw baseline for the same count (the machine's load changes alike for both)`,
    );
    const service = rearmRun();
    const raw = rearmRun();
    for (let round = 1; round <= REARM_ROUNDS; round += 1) {
      const ours = await rearm(
        admin,
        service,
        (_, elapsed) => elapsed >= (REARM_SECONDS * 1000) / REARM_ROUNDS,
        rearmWithRepository,
      );
      const floor = await rearm(admin, raw, (started) => started >= ours.count, rearmRaw);
      say(
        `  round ${round}: ${ours.count} re-arms ${rate(ours.count, ours.ms)}/s, ` +
          `raw pairs ${rate(floor.count, floor.ms)}/s`,
      );
    }
    say(`  re-arms ${rate(service.count, service.ms)}/s, per transaction: ${rearmProfile(service)}`);
    say(`  raw     ${rate(raw.count, raw.ms)}/s, per transaction: ${rearmProfile(raw)}`);
    await admin.query(`DROP TABLE ${PLAIN_TABLE}`);

    // 3. Lateness at a steady rate.
    const fireLog = { current: new FireLog() };
    const profile = { current: new SchedulerProfile() };
    // One row per timer, the batch in one INSERT, as the service writes its outbox rows.
    const fire: FireTimer = {
      write: async (batch, manager) => {
        const at = Date.now();
        await manager.query(
          `INSERT INTO ${FIRE_TABLE} (timer_id, replica, due_at)
           SELECT id, 'bench', due FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, due)`,
          [batch.map(({ timer }) => timer.id), batch.map(({ timer }) => timer.dueAt)],
        );
        for (const { timer } of batch) fireLog.current.record(timer.id, at, at - timer.dueAt.getTime());
      },
    };
    instrument(
      schedulerDb,
      () => profile.current,
      () => fireLog.current.size,
    );
    const theScheduler = new TimerScheduler(schedulerDb, fire, new SystemClock(), { logger });
    scheduler = theScheduler;
    theScheduler.start();
    await theScheduler.idle();

    const steadyCount = Math.round(FIRE_RATE * FIRE_SECONDS);
    const steadyLead = armingLeadMs(steadyCount, 5_000, 2_000);
    const steady = steadySchedule(Date.now() + steadyLead, FIRE_RATE, steadyCount);
    say(`3. ${steadyCount} timers due at ${FIRE_RATE}/s from ${steadyLead} ms on`);
    profile.current = new SchedulerProfile();
    const steadyArmMs = await armAll(admin, steady, md5Uuid('bench-steady'));
    const armedPerSecond = rate(steadyCount, steadyArmMs);
    say(`  armed in ${seconds(steadyArmMs)} (${armedPerSecond}/s through TimerRepository.arm)`);
    if (Date.now() > steady[0]!) say(`  arming ended ${Date.now() - steady[0]!} ms after the first deadline`);
    theScheduler.notifyArmed(new Date(steady[0]!));
    const steadyDone = await waitUntil(
      () => fireLog.current.size >= steadyCount,
      steady.at(-1)! + 60_000,
      () => `fired ${fireLog.current.size}/${steadyCount}`,
    );
    const steadyFires = [...fireLog.current.lateness.values()];
    const steadyProfile = profile.current;
    say(
      `  fired ${steadyFires.length}/${steadyCount}${steadyDone ? '' : ' (gave up waiting)'}: ${p50p99max(steadyFires)}`,
    );
    for (const line of profileLines(steadyProfile, steadyFires.length)) say(`  ${line}`);

    // 4. Burst: armed first, then setTimeout's baseline for 3. runs while its timers wait for their
    // deadline (nothing of the burst fires before it), unless arming left no room for it.
    const insertedPerSecond = rate(PENDING, store.insertMs);
    const baselineMs = 1_000 + Math.ceil((steadyCount * 1000) / FIRE_RATE) + 1_000;
    const burstLead = armingLeadMs(BURST, insertedPerSecond, 2_000) + baselineMs;
    const burst = burstSchedule(Date.now() + burstLead, BURST, 1_000);
    say(`4. ${BURST} timers due within one second, ${burstLead} ms from now`);
    fireLog.current = new FireLog();
    profile.current = new SchedulerProfile();
    const burstArmMs = await armBySql(admin, burst, 'bench-burst');
    say(`  armed in ${seconds(burstArmMs)} (one INSERT … SELECT)`);
    theScheduler.notifyArmed(new Date(burst[0]!));
    const baseline = () => setTimeoutLateness(steadySchedule(Date.now() + 1_000, FIRE_RATE, steadyCount));
    let timeouts: number[] | null = null;
    if (Date.now() + baselineMs <= burst[0]! - 500) {
      say(`  meanwhile, 3.'s baseline: setTimeout for the same schedule as 3.`);
      timeouts = await baseline();
      say(`  setTimeout lateness p50/p99/max ${p50p99max(timeouts)}`);
    }
    if (Date.now() > burst[0]!) say(`  arming ended ${Date.now() - burst[0]!} ms after the first deadline`);
    const burstDone = await waitUntil(
      () => fireLog.current.size >= BURST,
      burst.at(-1)! + 240_000,
      () => `fired ${fireLog.current.size}/${BURST}`,
    );
    const burstLog = fireLog.current;
    const burstProfile = profile.current;
    const burstFires = [...burstLog.lateness.values()];
    const burstRate = rate(burstLog.size, burstLog.lastAt - burst[0]!);
    say(
      `  fired ${burstLog.size}/${BURST}${burstDone ? '' : ' (gave up waiting)'}; the last one fired ` +
        `${fmt(burstLog.lastLateness)} ms late; ${burstRate} fires/s from the first deadline; ` +
        `p50/p99/max ${p50p99max(burstFires)}`,
    );
    for (const line of profileLines(burstProfile, burstLog.size)) say(`  ${line}`);
    await theScheduler.stop();
    scheduler = null;
    if (!timeouts) {
      say(`  3.'s baseline, which arming the burst left no room for: setTimeout for the same schedule as 3.`);
      timeouts = await baseline();
      say(`  setTimeout lateness p50/p99/max ${p50p99max(timeouts)}`);
    }

    // 5. Memory.
    say(`5. the timer service over ${PENDING} pending timers, RSS after ${SETTLE_SECONDS} s`);
    const memory = await serviceMemory(environment);
    say(
      `  healthy after ${seconds(memory.healthyAfterMs)}; VmRSS ${megabytes(memory.rssKb)}, peak (VmHWM) ` +
        `${megabytes(memory.peakKb)}; SIGTERM: exit ${memory.exit} in ${seconds(memory.stoppedInMs)}`,
    );
    const bare = await bareNodeMemory(1_000);
    say(`  baseline: bare node -e, VmRSS ${megabytes(bare.rssKb)}`);
    let empty: ServiceMemory | null = null;
    if (EMPTY_RSS) {
      const emptyEnvironment = await createIsolatedEnvironment();
      try {
        empty = await serviceMemory(emptyEnvironment);
        say(`  over an empty store (it migrates it): VmRSS ${megabytes(empty.rssKb)}`);
      } finally {
        await emptyEnvironment.dispose();
      }
    }

    // 6. Two replicas.
    say(`6. two replicas, ${REPLICA_TIMERS} timers due over ${REPLICA_SPREAD_SECONDS} s`);
    const replicas = await twoReplicas(admin, environment.databaseUrl, insertedPerSecond);
    say(
      `  ${replicas.drained ? 'all fired' : 'gave up waiting'} ${seconds(replicas.drainedAfterMs)} after the first ` +
        `deadline; fires ${replicas.perReplica.map((r) => `${r.replica} ${r.fires}`).join(', ')}; ` +
        `lateness p50/p99/max ${p50p99max(replicas.lateness)}`,
    );

    // Summary.
    const rearmS = summarise(service.samples);
    const rawS = summarise(raw.samples);
    const steadyS = summarise(steadyFires);
    const timeoutS = summarise(timeouts);
    const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
    const rearmRate = rate(service.count, service.ms);
    const replicaFires = replicas.perReplica.reduce((sum, r) => sum + r.fires, 0);
    say('');
    say(
      `timer benchmark summary (${PENDING} pending timers present throughout; ${seconds(performance.now() - begun)})`,
    );
    say('| figure | measured | baseline, same run | aim | within aim |');
    say('|---|---|---|---|---|');
    say(
      `| 1. pending timers stored (INSERT … SELECT) | ${PENDING} in ${seconds(store.insertMs)} ` +
        `(+ VACUUM ANALYZE ${seconds(store.vacuumMs)}), ${megabytes(store.bytes / 1024)} | – | – | – |`,
    );
    say(
      `| 2. re-arms/s sustained, ${WORKERS} workers (disarm + arm) | ${rearmRate}/s (${service.count} in ` +
        `${seconds(service.ms)}${service.misses ? `, ${service.misses} missed` : ''}) | raw UPDATE + INSERT ` +
        `${rate(raw.count, raw.ms)}/s | ≥ 2000/s | ${yes(rearmRate >= 2_000)} |`,
    );
    say(
      `| 2. re-arm transaction p50 / p99 | ${fmt(rearmS.p50)} / ${fmt(rearmS.p99)} ms | ` +
        `${fmt(rawS.p50)} / ${fmt(rawS.p99)} ms | – | – |`,
    );
    say(
      `| 3. lateness at ${FIRE_RATE} fires/s p50 / p99 / max | ${fmt(steadyS.p50)} / ${fmt(steadyS.p99)} / ` +
        `${fmt(steadyS.max)} ms (${steadyFires.length}/${steadyCount} fired) | setTimeout ${fmt(timeoutS.p50)} / ` +
        `${fmt(timeoutS.p99)} / ${fmt(timeoutS.max)} ms | p99 < 1000 ms | ${yes(steadyDone && steadyS.p99 < 1_000)} |`,
    );
    say(
      `| 4. burst of ${BURST} in one second: last fired, late by | ${seconds(burstLog.lastLateness)} ` +
        `(${burstRate} fires/s; p50 / p99 / max ${p50p99max(burstFires)}; ${burstLog.size}/${BURST} fired) | – | – | – |`,
    );
    say(
      `| 5. service RSS, ${PENDING} pending, settled ${SETTLE_SECONDS} s | ${megabytes(memory.rssKb)} (peak ` +
        `${megabytes(memory.peakKb)})${empty ? `; empty store ${megabytes(empty.rssKb)}` : ''} | bare node ` +
        `${megabytes(bare.rssKb)} | < 300 MB | ${yes(memory.rssKb < 300 * 1024)} |`,
    );
    say(
      `| 6. double fires, two replicas, ${REPLICA_TIMERS} timers | ${replicas.doubles} (never fired ` +
        `${replicas.neverFired}, left unfired in the store ${replicas.notFiredInStore}; ${replicaFires} fires: ` +
        `${replicas.perReplica.map((r) => `${r.replica} ${r.fires}`).join(', ')}) | – | 0 | ` +
        `${yes(replicas.doubles === 0 && replicas.neverFired === 0)} |`,
    );
  } finally {
    if (scheduler) await scheduler.stop().catch(() => undefined);
    killChildren();
    if (schedulerDb.isInitialized) await schedulerDb.destroy();
    if (admin.isInitialized) await admin.destroy();
    await dispose();
  }
}

main().catch((error: unknown) => {
  // Interrupted: what failed is a child it killed; the interrupt handler exits once it cleaned up.
  if (interrupted) return;
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
