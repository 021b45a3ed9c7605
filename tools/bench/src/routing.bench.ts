// Routing at size: BENCH_ROUTING_AGENTS agents available across BENCH_ROUTING_QUEUES queues,
// BENCH_ROUTING_ITEMS items waiting, dispatched as production does it until every agent is full.
//
//   pnpm bench     BENCH_ROUTING_AGENTS=10000 BENCH_ROUTING_QUEUES=50 BENCH_ROUTING_ITEMS=100000
//                  BENCH_ROUTING_WORKERS=1,2,4 BENCH_ROUTING_ASSIGNMENTS=(until capacity is exhausted)
//
// The routing schema is migrated in a database of the bench's own (dropped at the end) and seeded
// with SQL. Each run then repeats `dataSource.transaction(m => dispatcher.dispatch(m, { queueIds:
// [q] }))` over the queues with N workers: one worker is one replica; with 2 and 4 workers two
// Dispatcher instances on two DataSources stand for two replicas. A queue that placed nothing
// leaves the round; when none is left one uncontended pass over every queue confirms it. No HTTP
// server and no NATS stream is started (the outbox rows are written and left unpublished).
//
// Beside it, in the same run: the database's floor for the same work, a transaction per batch of
// the same size that locks the items as the dispatcher does and offers each with one UPDATE
// (and with one UPDATE for the whole batch), to agents picked round robin.
import { createDataSource, Metrics, migrate, Outbox } from '@threadline/platform';
import { createIsolatedEnvironment } from '@threadline/platform/testing';
import { Dispatcher } from '@threadline/routing/dist/app/dispatcher';
import { RoutingMetrics } from '@threadline/routing/dist/app/routing-metrics';
import { RoutingSettings } from '@threadline/routing/dist/app/routing-settings';
import { QueuesAgentsWorkItems1764115400000 } from '@threadline/routing/dist/migrations/1764115400000-QueuesAgentsWorkItems';
import { WorkItemLifecycle1796169600001 } from '@threadline/routing/dist/migrations/1796169600001-WorkItemLifecycle';
import { RoutingModel1796342400000 } from '@threadline/routing/dist/migrations/1796342400000-RoutingModel';
import pino from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { timeQueries } from './query-timing';
import { rate, summarise } from './stats';

const AGENTS = Number(process.env.BENCH_ROUTING_AGENTS ?? 10_000);
const QUEUES = Number(process.env.BENCH_ROUTING_QUEUES ?? 50);
const ITEMS = Number(process.env.BENCH_ROUTING_ITEMS ?? 100_000);
const WORKERS = (process.env.BENCH_ROUTING_WORKERS ?? '1,2,4').split(',').map(Number);
const LIMIT = Number(process.env.BENCH_ROUTING_ASSIGNMENTS ?? Number.POSITIVE_INFINITY);
/** The dispatcher's own batch: items locked per queue and pass. */
const BATCH = 200;
const DEFAULT_CAPACITY = 4;
const SCHEMA = 'routing';
const MIGRATIONS = [
  QueuesAgentsWorkItems1764115400000,
  WorkItemLifecycle1796169600001,
  RoutingModel1796342400000,
];
const logger = pino({ level: 'silent' });

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Time spent in each kind of statement, and how many ran. */
class QueryProfile {
  readonly kinds = new Map<string, { count: number; ms: number }>();

  add(kind: string, ms: number): void {
    const entry = this.kinds.get(kind) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += ms;
    this.kinds.set(kind, entry);
  }

  total(): { count: number; ms: number } {
    let count = 0;
    let ms = 0;
    for (const entry of this.kinds.values()) {
      count += entry.count;
      ms += entry.ms;
    }
    return { count, ms };
  }
}

/** Which of the dispatcher's statements this is (matched on the repository's SQL). */
function kindOf(sql: string): string {
  if (sql.includes('FROM queue_member m JOIN agent a')) return 'candidates (per queue pass)';
  if (sql.includes('FROM work_item') && sql.includes('FOR UPDATE SKIP LOCKED')) return 'lock waiting items';
  if (sql.includes('FOR UPDATE OF a SKIP LOCKED')) return 'lock agent (SKIP LOCKED)';
  if (sql.includes('channel_load')) return "agent's load afresh";
  if (sql.includes("SET state = 'offered'")) return 'offer UPDATE';
  if (sql.includes("SET state = 'assigned'") || sql.includes('SET last_assigned_at'))
    return 'auto-assign UPDATEs';
  if (sql.includes('outbox')) return 'outbox INSERT';
  if (/FROM (queue|channel|presence_state)\b/.test(sql)) return 'settings (cached 1 s)';
  return `other: ${sql.trim().slice(0, 40)}`;
}

/** Every statement run through this transaction's manager is timed into `profile`. */
function instrument(manager: EntityManager, profile: QueryProfile): void {
  timeQueries(manager, (sql, ms) => profile.add(kindOf(sql), ms));
}

/** Where the dispatcher's placement hook reports to (the current run's samples). */
const decisions = { placed: [] as number[], unplaced: 0 };

interface Replica {
  dataSource: DataSource;
  dispatcher: Dispatcher;
}

function replica(url: string, name: string): Replica {
  const dataSource = createDataSource({
    url,
    schema: SCHEMA,
    poolSize: 3,
    applicationName: `bench-routing-${name}`,
    migrations: [],
  });
  const metrics = new RoutingMetrics(new Metrics(`bench-routing-${name}`, { defaultMetrics: false }), () =>
    Promise.resolve([]),
  );
  const dispatcher = new Dispatcher(new Outbox(SCHEMA), new RoutingSettings(DEFAULT_CAPACITY), 120, metrics, {
    onPlacement: (ms, placed) => {
      if (placed) decisions.placed.push(ms);
      else decisions.unplaced += 1;
    },
  });
  return { dataSource, dispatcher };
}

async function seed(db: DataSource): Promise<string[]> {
  await db.query(`UPDATE channel SET default_capacity = $1 WHERE name = 'sms'`, [DEFAULT_CAPACITY]);
  // Every fifth queue serves the agent idle longest, every tenth auto-assigns, a few have a condition.
  await db.query(
    `INSERT INTO queue (id, name, position, assignment_rule, auto_assign, condition)
     SELECT gen_random_uuid(), 'bench-' || lpad(q::text, 3, '0'), q,
            CASE WHEN q % 5 = 4 THEN 'last_assigned' ELSE 'most_capacity' END, q % 10 = 9,
            CASE WHEN q % 10 = 0 THEN jsonb_build_object('field', 'companyAddress', 'op', 'eq',
                                                         'value', '+1555010' || lpad(q::text, 4, '0')) END
       FROM generate_series(0, $1::int - 1) AS q`,
    [QUEUES],
  );
  // Agents: one in 25 with a universal capacity of 3, one in 20 their own sms capacity of 2 and
  // another one in 20 of 6; the rest the channel's 4. Two in three were assigned work before.
  await db.query(
    `INSERT INTO agent (id, presence, universal_capacity, last_assigned_at, last_seen_at)
     SELECT 'agent-' || lpad(n::text, 6, '0'), 'available', CASE WHEN n % 25 = 0 THEN 3 END,
            CASE WHEN n % 3 <> 0 THEN now() - (n::bigint * 7919 % 3600) * interval '1 second' END, now()
       FROM generate_series(0, $1::int - 1) AS n`,
    [AGENTS],
  );
  await db.query(
    `INSERT INTO agent_channel_capacity (agent_id, channel, capacity)
     SELECT 'agent-' || lpad(n::text, 6, '0'), 'sms', CASE WHEN n % 20 = 3 THEN 2 ELSE 6 END
       FROM generate_series(0, $1::int - 1) AS n WHERE n % 10 = 3`,
    [AGENTS],
  );
  // Each agent in one to three queues, spread deterministically.
  await db.query(
    `INSERT INTO queue_member (queue_id, agent_id)
     SELECT q.id, 'agent-' || lpad(n::text, 6, '0')
       FROM generate_series(0, $1::int - 1) AS n
       CROSS JOIN generate_series(0, 2) AS j
       JOIN queue q ON q.name = 'bench-' || lpad(((n::bigint * 31 + j * 17) % $2::int)::text, 3, '0')
      WHERE j < 1 + n::bigint * 7919 % 3
     ON CONFLICT DO NOTHING`,
    [AGENTS, QUEUES],
  );
  // Waiting items spread over the queues, priority 0–3, enqueued over the last day.
  await db.query(
    `INSERT INTO work_item (id, interaction_id, queue_id, channel, priority, size, state, enqueued_at)
     SELECT gen_random_uuid(), gen_random_uuid(), q.id, 'sms', n * 7 % 4, 1, 'queued',
            now() - (n::bigint * 104729 % 86400) * interval '1 second'
       FROM generate_series(0, $1::int - 1) AS n
       JOIN queue q ON q.name = 'bench-' || lpad((n % $2::int)::text, 3, '0')`,
    [ITEMS, QUEUES],
  );
  await db.query('VACUUM (ANALYZE) agent, agent_channel_capacity, queue, queue_member, work_item');
  const rows = await db.query<Array<{ id: string }>>(
    `SELECT id FROM queue WHERE name LIKE 'bench-%' ORDER BY position`,
  );
  return rows.map((row) => row.id);
}

/** Every item waiting again, agents as seeded, the outbox empty; vacuumed so runs start alike. */
async function reset(db: DataSource): Promise<void> {
  await db.query(
    `UPDATE work_item
        SET state = 'queued', agent_id = NULL, offer_expires_at = NULL, offered_at = NULL, assigned_at = NULL,
            offer_count = 0
      WHERE state <> 'queued'`,
  );
  await db.query(
    `UPDATE agent SET last_assigned_at = CASE WHEN substr(id, 7)::int % 3 <> 0
                    THEN now() - (substr(id, 7)::bigint * 7919 % 3600) * interval '1 second' END`,
  );
  await db.query('TRUNCATE outbox');
  await db.query('VACUUM (ANALYZE) agent, work_item, outbox');
}

/** SPEC W4 after the fact: agents whose load not on hold exceeds a capacity of theirs. */
async function capacityCheck(db: DataSource) {
  const [row] = await db.query<Array<{ over: number; room: number; capacity: number; load: number }>>(
    `SELECT count(*) FILTER (WHERE l.channel_load > l.channel_capacity
                                OR l.total_load > COALESCE(l.universal_capacity, l.total_load))::int AS over,
            count(*) FILTER (WHERE l.channel_load < LEAST(l.channel_capacity, COALESCE(l.universal_capacity, l.channel_capacity)))::int AS room,
            sum(LEAST(l.channel_capacity, COALESCE(l.universal_capacity, l.channel_capacity)))::int AS capacity,
            sum(l.channel_load)::int AS load
       FROM (SELECT a.id, a.universal_capacity, COALESCE(cc.capacity, ch.default_capacity) AS channel_capacity,
                    COALESCE(sum(w.size) FILTER (WHERE w.channel = 'sms'), 0) AS channel_load,
                    COALESCE(sum(w.size), 0) AS total_load
               FROM agent a
               JOIN channel ch ON ch.name = 'sms'
               LEFT JOIN agent_channel_capacity cc ON cc.agent_id = a.id AND cc.channel = 'sms'
               LEFT JOIN work_item w ON w.agent_id = a.id AND w.state IN ('offered', 'assigned') AND NOT w.held
              GROUP BY a.id, a.universal_capacity, cc.capacity, ch.default_capacity) AS l`,
  );
  return row!;
}

interface RunResult {
  workers: number;
  assignments: number;
  sustainedMs: number;
  passes: Array<{ ms: number; placed: number }>;
  decisions: number[];
  profile: QueryProfile;
  /** Inside dispatch(), statements excluded: choosing, envelopes, bookkeeping. */
  jsMs: number;
  /** Transactions minus dispatch(): pool, BEGIN, COMMIT. */
  transactionMs: number;
}

async function dispatchUntilFull(
  replicas: Replica[],
  workers: number,
  queueIds: string[],
): Promise<RunResult> {
  decisions.placed = [];
  decisions.unplaced = 0;
  const profile = new QueryProfile();
  const passes: RunResult['passes'] = [];
  let assignments = 0;
  let insideMs = 0;
  let totalMs = 0;
  const started = performance.now();
  let lastPlaced = started;

  const pass = async (replica: Replica, queueId: string): Promise<number> => {
    const begun = performance.now();
    let inside = 0;
    const placed = await replica.dataSource.transaction(async (manager) => {
      instrument(manager, profile);
      const entered = performance.now();
      try {
        return await replica.dispatcher.dispatch(manager, { queueIds: [queueId] });
      } finally {
        inside = performance.now() - entered;
      }
    });
    const ms = performance.now() - begun;
    passes.push({ ms, placed });
    insideMs += inside;
    totalMs += ms;
    assignments += placed;
    if (placed > 0) lastPlaced = performance.now();
    return placed;
  };

  let active = [...queueIds];
  let progressAt = 0;
  while (active.length > 0 && assignments < LIMIT) {
    const round = active;
    const placedBy = new Map<string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(workers, round.length) }, async (_, worker) => {
        const own = replicas[worker % replicas.length]!;
        while (next < round.length && assignments < LIMIT) {
          const queueId = round[next++]!;
          placedBy.set(queueId, await pass(own, queueId));
        }
      }),
    );
    active = round.filter((queueId) => (placedBy.get(queueId) ?? 1) > 0);
    if (active.length === 0 && assignments < LIMIT) {
      // Nothing placed anywhere in the last round: one uncontended pass over every queue confirms it.
      for (const queueId of queueIds) if ((await pass(replicas[0]!, queueId)) > 0) active.push(queueId);
    }
    if (assignments - progressAt >= 10_000) {
      progressAt = assignments - (assignments % 10_000);
      say(`  ${assignments} assignments after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const queryMs = profile.total().ms;
  return {
    workers,
    assignments,
    sustainedMs: lastPlaced - started,
    passes,
    decisions: decisions.placed,
    profile,
    jsMs: insideMs - queryMs,
    transactionMs: totalMs - insideMs,
  };
}

/**
 * The database's floor for the same work: per transaction, lock a batch of a queue's waiting
 * items as the dispatcher does, then offer them to agents picked round robin, with one UPDATE
 * per item, or one UPDATE for the batch.
 */
async function rawOffers(
  db: DataSource,
  workers: number,
  queueIds: string[],
  agentIds: string[],
  count: number,
  oneStatement: boolean,
): Promise<number> {
  let done = 0;
  let nextQueue = 0;
  let nextAgent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      let emptyInARow = 0;
      while (done < count && emptyInARow < queueIds.length) {
        const queueId = queueIds[nextQueue++ % queueIds.length]!;
        const expiresAt = new Date(Date.now() + 120_000);
        const offered = await db.transaction(async (manager) => {
          const items = await manager.query<Array<{ id: string }>>(
            `SELECT id FROM work_item WHERE queue_id = $1 AND state = 'queued'
              ORDER BY priority DESC, enqueued_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [queueId, Math.max(0, Math.min(BATCH, count - done))],
          );
          const agents = items.map(() => agentIds[nextAgent++ % agentIds.length]!);
          if (oneStatement) {
            await manager.query(
              `UPDATE work_item w
                  SET state = 'offered', agent_id = o.agent_id, offer_expires_at = $3, offered_at = now(),
                      offer_count = w.offer_count + 1
                 FROM unnest($1::uuid[], $2::text[]) AS o (id, agent_id)
                WHERE w.id = o.id`,
              [items.map((item) => item.id), agents, expiresAt],
            );
          } else {
            for (const [index, item] of items.entries())
              await manager.query(
                `UPDATE work_item
                    SET state = 'offered', agent_id = $2, offer_expires_at = $3, offered_at = now(),
                        offer_count = offer_count + 1
                  WHERE id = $1`,
                [item.id, agents[index], expiresAt],
              );
          }
          return items.length;
        });
        done += offered;
        emptyInARow = offered === 0 ? emptyInARow + 1 : 0;
      }
    }),
  );
  return rate(done, performance.now() - started);
}

/** BENCH_ROUTING_EXPLAIN=1: the plans of the dispatcher's statements, with every agent loaded. */
async function explain(db: DataSource, queueId: string): Promise<void> {
  const [agent] = await db.query<Array<{ agent_id: string }>>(
    `SELECT agent_id FROM queue_member WHERE queue_id = $1 LIMIT 1`,
    [queueId],
  );
  const statements: Array<[string, string, unknown[]]> = [
    [
      'candidates',
      `SELECT a.id, COALESCE(l.channel_load, 0)::int AS channel_load, COALESCE(l.total_load, 0)::int AS total_load
         FROM queue_member m JOIN agent a ON a.id = m.agent_id JOIN presence_state p ON p.name = a.presence
         LEFT JOIN agent_channel_capacity cc ON cc.agent_id = a.id AND cc.channel = $2
         LEFT JOIN LATERAL (
           SELECT sum(w.size) FILTER (WHERE w.channel = $2) AS channel_load, sum(w.size) AS total_load
             FROM work_item w WHERE w.agent_id = a.id AND w.state IN ('offered', 'assigned') AND NOT w.held
         ) l ON true
        WHERE m.queue_id = $1 AND p.receives_work AND (p.channels IS NULL OR $2 = ANY (p.channels))`,
      [queueId, 'sms'],
    ],
    [
      'lock waiting items',
      `SELECT id FROM work_item WHERE queue_id = $1 AND state = 'queued'
        ORDER BY priority DESC, enqueued_at, id LIMIT 200 FOR UPDATE SKIP LOCKED`,
      [queueId],
    ],
    [
      "an agent's load",
      `SELECT sum(w.size) FROM work_item w
        WHERE w.agent_id = $1 AND w.state IN ('offered', 'assigned') AND NOT w.held`,
      [agent!.agent_id],
    ],
  ];
  for (const [name, sql, parameters] of statements) {
    await db
      .transaction(async (manager) => {
        const plan = await manager.query<Array<{ 'QUERY PLAN': string }>>(
          `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
          parameters,
        );
        say(`plan of ${name}:`);
        for (const line of plan) say(`  ${line['QUERY PLAN']}`);
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
  }
}

class RollBack extends Error {}

const fmt = (ms: number) => ms.toFixed(2);

function profileTable(runs: RunResult[]): void {
  const kinds = new Set<string>();
  for (const run of runs) for (const kind of run.profile.kinds.keys()) kinds.add(kind);
  say('');
  say('where the time goes: per assignment, statements (count × time) and the rest');
  say(
    `| per assignment | ${runs.map((run) => `${run.workers} worker${run.workers > 1 ? 's' : ''}`).join(' | ')} |`,
  );
  say(`|---|${runs.map(() => '---').join('|')}|`);
  const cell = (run: RunResult, count: number, ms: number) =>
    `${(count / run.assignments).toFixed(2)} × , ${((ms / run.assignments) * 1000).toFixed(0)} µs`;
  for (const kind of [...kinds].sort()) {
    say(
      `| ${kind} | ${runs
        .map((run) => {
          const entry = run.profile.kinds.get(kind);
          return entry ? cell(run, entry.count, entry.ms) : '–';
        })
        .join(' | ')} |`,
    );
  }
  say(
    `| all statements | ${runs.map((run) => cell(run, run.profile.total().count, run.profile.total().ms)).join(' | ')} |`,
  );
  say(
    `| JS in dispatch() (choose, envelopes) | ${runs.map((run) => `${((run.jsMs / run.assignments) * 1000).toFixed(0)} µs`).join(' | ')} |`,
  );
  say(
    `| pool + BEGIN + COMMIT | ${runs.map((run) => `${((run.transactionMs / run.assignments) * 1000).toFixed(0)} µs`).join(' | ')} |`,
  );
  say('(with several workers the times add up across workers, so they exceed the wall time per assignment)');
}

async function main(): Promise<void> {
  say(
    `routing benchmark: ${AGENTS} agents available across ${QUEUES} queues, ${ITEMS} waiting items, ` +
      `workers ${WORKERS.join(', ')}`,
  );
  const environment = await createIsolatedEnvironment();
  const admin = createDataSource({
    url: environment.databaseUrl,
    schema: SCHEMA,
    poolSize: 4,
    applicationName: 'bench-routing-admin',
    migrations: MIGRATIONS,
  });
  const replicas = [replica(environment.databaseUrl, 'a'), replica(environment.databaseUrl, 'b')];
  // Interrupted: the database is still dropped.
  const interrupted = () => {
    say('interrupted: dropping the benchmark database');
    void environment.dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    await admin.initialize();
    await migrate(admin, SCHEMA, logger);
    for (const { dataSource } of replicas) await dataSource.initialize();
    const seeding = performance.now();
    const queueIds = await seed(admin);
    say(`seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const { capacity } = await capacityCheck(admin);
    const agentIds = (await admin.query<Array<{ id: string }>>(`SELECT id FROM agent ORDER BY id`)).map(
      (row) => row.id,
    );

    const runs: RunResult[] = [];
    const checks: Array<Awaited<ReturnType<typeof capacityCheck>>> = [];
    const floors: Array<{ perItem: number; perBatch: number }> = [];
    for (const workers of WORKERS) {
      await reset(admin);
      say(`dispatching with ${workers} worker(s) on ${Math.min(workers, 2)} replica(s)`);
      const run = await dispatchUntilFull(replicas.slice(0, Math.min(workers, 2)), workers, queueIds);
      runs.push(run);
      checks.push(await capacityCheck(admin));
      if (process.env.BENCH_ROUTING_EXPLAIN) await explain(admin, queueIds[0]!);
      const count = Math.max(BATCH, run.assignments);
      await reset(admin);
      say(`raw floor with ${workers} worker(s): ${count} offers, one UPDATE per item`);
      const perItem = await rawOffers(admin, workers, queueIds, agentIds, count, false);
      await reset(admin);
      say(`raw floor with ${workers} worker(s): ${count} offers, one UPDATE per batch`);
      const perBatch = await rawOffers(admin, workers, queueIds, agentIds, count, true);
      floors.push({ perItem, perBatch });
    }

    say('');
    say(
      `capacity of all agents: ${capacity} items; the database's floor uses the same batch (${BATCH}) and count`,
    );
    say('');
    say(
      `| figure | ${runs.map((run) => `${run.workers} worker${run.workers > 1 ? 's' : ''}`).join(' | ')} |`,
    );
    say(`|---|${runs.map(() => '---').join('|')}|`);
    const row = (label: string, cells: string[]) => say(`| ${label} | ${cells.join(' | ')} |`);
    row(
      'assignments (offers + auto-assigns)',
      runs.map((run) => String(run.assignments)),
    );
    row(
      'over-capacity agents after the run',
      checks.map((check) => String(check.over)),
    );
    row(
      'agents left with room',
      checks.map((check) => String(check.room)),
    );
    row(
      'assignments per second, sustained',
      runs.map(
        (run) => `${rate(run.assignments, run.sustainedMs)}/s (${(run.sustainedMs / 1000).toFixed(1)} s)`,
      ),
    );
    row(
      'raw floor: lock batch + 1 UPDATE per item',
      floors.map((floor) => `${floor.perItem}/s`),
    );
    row(
      'raw floor: lock batch + 1 UPDATE per batch',
      floors.map((floor) => `${floor.perBatch}/s`),
    );
    row(
      'decision per placed item (choose, lock, place) p50 / p99 / max',
      runs.map((run) => {
        const s = summarise(run.decisions);
        return `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`;
      }),
    );
    row(
      'dispatch transaction per placed item (its pass ÷ placed) p50 / p99',
      runs.map((run) => {
        const s = summarise(run.passes.flatMap((p) => Array<number>(p.placed).fill(p.ms / p.placed)));
        return `${fmt(s.p50)} / ${fmt(s.p99)} ms`;
      }),
    );
    row(
      'dispatch transaction (queue pass that placed) p50 / p99',
      runs.map((run) => {
        const s = summarise(run.passes.filter((p) => p.placed > 0).map((p) => p.ms));
        return `${fmt(s.p50)} / ${fmt(s.p99)} ms`;
      }),
    );
    row(
      'passes (placing / placing nothing)',
      runs.map((run) => {
        const placing = run.passes.filter((p) => p.placed > 0).length;
        return `${placing} / ${run.passes.length - placing}`;
      }),
    );
    profileTable(runs);
  } finally {
    for (const { dataSource } of replicas) if (dataSource.isInitialized) await dataSource.destroy();
    if (admin.isInitialized) await admin.destroy();
    await environment.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
