// Issue point 6: routing is correct on two replicas without a global lock. fast-check generates
// runs of steps (enqueue, accept, reject, presence, close, let time pass), sends each query to
// replica 0 or 1 and events through JetStream (either replica's consumer takes them), several at a
// time; then the invariants are checked against the database and the outbox both replicas write.
//
// Replay a failure with the seed and path it prints:
//   ROUTING_PROPERTY_SEED=<seed> ROUTING_PROPERTY_PATH=<path> pnpm --filter @threadline/routing test:int replicas
// ROUTING_PROPERTY_RUNS changes the number of runs; ROUTING_PROPERTY_SHRINK=1 lets fast-check shrink a
// failure (slow: every shrink step is a whole run against the servers).
import { createEnvelope, type QueryDefinition, queries } from '@threadline/contracts';
import { AppError, createDataSource, type RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import fc from 'fast-check';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { routingService } from '../src/routing.service';
import { enqueue } from './support';

const SEED = Number(process.env.ROUTING_PROPERTY_SEED ?? 20261201);
const PATH = process.env.ROUTING_PROPERTY_PATH;
const RUNS = Number(process.env.ROUTING_PROPERTY_RUNS ?? 15);
const SHRINK = process.env.ROUTING_PROPERTY_SHRINK === '1';

const DEFAULT_CAPACITY = 2;
const SETTINGS = {
  ROUTING_DEFAULT_CAPACITY: String(DEFAULT_CAPACITY),
  ROUTING_OFFER_TIMEOUT_SECONDS: '1',
  ROUTING_OFFER_SWEEP_MS: '50',
  ROUTING_DISPATCH_INTERVAL_MS: '100',
};
const AGENTS = 5;
/** Agents 0 and 1 have capacities of their own (sms 1; sms 3 bounded by a universal 2). */
const OWN_CAPACITY: Record<number, { universalCapacity: number | null; sms: number }> = {
  0: { universalCapacity: null, sms: 1 },
  1: { universalCapacity: 2, sms: 3 },
};
/** How long nothing may change before the state counts as quiet: several dispatch intervals and sweeps. */
const QUIET_MS = 400;

type Replica = 0 | 1;
type Presence = 'available' | 'away' | 'offline';
type Step =
  | { kind: 'enqueue'; priority: number }
  | { kind: 'accept' | 'reject'; replica: Replica; pick: number; wrongAgent: boolean }
  | { kind: 'presence'; replica: Replica; agent: number; presence: Presence }
  | { kind: 'close'; pick: number }
  | { kind: 'wait'; ms: number };

const replicaArb = fc.constantFrom<Replica>(0, 1);
const answerArb = (kind: 'accept' | 'reject') =>
  fc.record({
    kind: fc.constant(kind),
    replica: replicaArb,
    pick: fc.nat(1_000),
    // Now and then the wrong agent answers: a refusal, and nothing changes.
    wrongAgent: fc.nat(4).map((n) => n === 0),
  });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('enqueue'), priority: fc.nat(2) }) },
  { weight: 5, arbitrary: answerArb('accept') },
  { weight: 2, arbitrary: answerArb('reject') },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('presence'),
      replica: replicaArb,
      agent: fc.nat(AGENTS - 1),
      presence: fc.constantFrom<Presence>('available', 'available', 'available', 'away', 'offline'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close'), pick: fc.nat(1_000) }) },
  {
    weight: 1,
    // Short pauses, and some past the offer timeout so offers run out.
    arbitrary: fc.record({
      kind: fc.constant('wait'),
      ms: fc.oneof(fc.integer({ min: 20, max: 300 }), fc.integer({ min: 1_000, max: 1_300 })),
    }),
  },
);
/** Batches of steps: the steps of a batch are in flight together, batches follow each other. */
const runArb = fc.array(fc.array(stepArb, { minLength: 1, maxLength: 5 }), { minLength: 7, maxLength: 11 });

/** One property run: its agents and interactions, and what happened. */
interface Run {
  agents: string[];
  /** Every interaction enqueued, in order. */
  interactions: string[];
  closed: Set<string>;
  /** Event ids published to routing, to know when both replicas have handled them. */
  published: string[];
  /** Anything but success or an expected refusal, from a step or a replica's log. */
  unexpected: string[];
  /** Invariant violations the monitor saw while the steps ran (each once). */
  violations: Set<string>;
}

interface OutboxEvent {
  seq: string;
  subject: string;
  payload: {
    occurredAt: string;
    data: {
      workItemId: string;
      interactionId: string;
      agentId?: string | null;
      expiresAt?: string;
      reason?: string;
    };
  };
}

interface ItemRow {
  id: string;
  interaction_id: string;
  state: string;
  agent_id: string | null;
  size: number;
}

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Invariants that hold in every committed state, read in one statement (one snapshot):
 * (1) nobody carries more than their capacity, (2) every item's state has the columns it needs,
 * and an interaction has at most one open item, (4) nobody in a presence that receives no work
 * has an offer standing.
 */
const SNAPSHOT_INVARIANTS = `
  WITH load AS (
    SELECT a.id, a.presence, a.universal_capacity,
           COALESCE(cc.capacity, ch.default_capacity, $1) AS channel_capacity,
           COALESCE(sum(w.size) FILTER (WHERE w.channel = 'sms' AND w.state IN ('offered', 'assigned') AND NOT w.held), 0) AS channel_load,
           COALESCE(sum(w.size) FILTER (WHERE w.state IN ('offered', 'assigned') AND NOT w.held), 0) AS total_load,
           count(w.id) FILTER (WHERE w.state = 'offered') AS offered
      FROM agent a
      LEFT JOIN channel ch ON ch.name = 'sms'
      LEFT JOIN agent_channel_capacity cc ON cc.agent_id = a.id AND cc.channel = 'sms'
      LEFT JOIN work_item w ON w.agent_id = a.id
     GROUP BY a.id, cc.capacity, ch.default_capacity
  )
  SELECT 'capacity' AS invariant,
         format('%s carries %s (all channels %s) with capacity %s, universal %s',
                id, channel_load, total_load, channel_capacity, universal_capacity) AS detail
    FROM load
   WHERE channel_load > channel_capacity OR total_load > COALESCE(universal_capacity, total_load)
  UNION ALL
  SELECT 'offer to an agent who receives no work', format('%s is %s with %s offer(s) standing', id, presence, offered)
    FROM load JOIN presence_state p ON p.name = load.presence
   WHERE offered > 0 AND NOT (p.receives_work AND (p.channels IS NULL OR 'sms' = ANY (p.channels)))
  UNION ALL
  SELECT 'item shape', format('item %s is %s with agent %s and deadline %s', id, state, agent_id, offer_expires_at)
    FROM work_item
   WHERE NOT CASE state
         WHEN 'queued' THEN agent_id IS NULL AND offer_expires_at IS NULL
         WHEN 'offered' THEN agent_id IS NOT NULL AND offer_expires_at IS NOT NULL AND offered_at IS NOT NULL
         WHEN 'assigned' THEN agent_id IS NOT NULL AND offer_expires_at IS NULL
         WHEN 'closed' THEN agent_id IS NULL AND offer_expires_at IS NULL
         ELSE false END
  UNION ALL
  SELECT 'one open item per interaction', format('interaction %s has %s open items', interaction_id, count(*))
    FROM work_item WHERE state <> 'closed' GROUP BY interaction_id HAVING count(*) > 1`;

/** (5) A waiting item with an agent who could take it now: queue member, receiving work, room, not refused. */
const STARVING = `
  SELECT format('item %s waits while %s (%s) has room for it', w.id, a.id, a.presence) AS detail
    FROM work_item w
    JOIN queue q ON q.id = w.queue_id AND q.active
    JOIN queue_member m ON m.queue_id = w.queue_id
    JOIN agent a ON a.id = m.agent_id
    JOIN presence_state p ON p.name = a.presence
    LEFT JOIN channel ch ON ch.name = w.channel
    LEFT JOIN agent_channel_capacity cc ON cc.agent_id = a.id AND cc.channel = w.channel
    LEFT JOIN LATERAL (
      SELECT sum(l.size) FILTER (WHERE l.channel = w.channel) AS channel_load, sum(l.size) AS total_load
        FROM work_item l WHERE l.agent_id = a.id AND l.state IN ('offered', 'assigned') AND NOT l.held
    ) l ON true
   WHERE w.state = 'queued'
     AND p.receives_work AND (p.channels IS NULL OR w.channel = ANY (p.channels))
     AND NOT (a.id = ANY (w.rejected_by))
     AND (w.reserved_for IS NULL OR w.reserved_for = a.id)
     AND COALESCE(cc.capacity, ch.default_capacity, $1) - COALESCE(l.channel_load, 0) >= w.size
     AND (a.universal_capacity IS NULL OR a.universal_capacity - COALESCE(l.total_load, 0) >= w.size)`;

/** Everything that changes when routing does something: compared across QUIET_MS to tell quiet. */
const FINGERPRINT = `
  SELECT (SELECT COALESCE(max(seq), 0) FROM outbox)::text || '|' ||
         (SELECT count(*) FROM outbox WHERE published_at IS NULL)::text || '|' ||
         (SELECT COALESCE(string_agg(id || ':' || presence, ',' ORDER BY id), '') FROM agent) || '|' ||
         (SELECT COALESCE(string_agg(id || ':' || state || ':' || COALESCE(agent_id, '-'), ',' ORDER BY id), '')
            FROM work_item WHERE state <> 'closed') AS fingerprint`;

describe('routing on two replicas: a property test of random concurrent steps (issue point 6)', () => {
  let environment: IsolatedEnvironment;
  const replicas: RunningService[] = [];
  let tap: MessageTap;
  let observer: DataSource;
  let runCounter = 0;
  /** Where the replicas' warnings and errors go while a run is on (periodic tasks swallow theirs). */
  let logSink: string[] | null = null;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    for (let i = 0; i < 2; i++) {
      const replica = await bootService(routingService, environment, SETTINGS);
      replicas.push(replica);
      for (const level of ['warn', 'error'] as const) {
        jest.spyOn(replica.runtime.logger, level).mockImplementation((...args: unknown[]) => {
          logSink?.push(`replica ${i} ${level}: ${describeLog(args)}`);
        });
      }
    }
    tap = await MessageTap.open(environment.servers.natsUrl, environment.namespace);
    observer = createDataSource({
      url: environment.databaseUrl,
      schema: routingService.schema,
      poolSize: 2,
      applicationName: 'routing-property-observer',
      migrations: [],
    });
    await observer.initialize();
  }, 60_000);

  afterAll(async () => {
    await tap?.close();
    for (const replica of [...replicas].reverse()) await replica.stop();
    if (observer?.isInitialized) await observer.destroy();
    await environment?.dispose();
  });

  /** Sends a query to one replica's handler, as its NATS subscription would (the request parsed first). */
  async function answer<Request, Response>(
    replica: Replica,
    query: QueryDefinition<Request, Response>,
    request: Request,
  ): Promise<Response> {
    const registration = replicas[replica]!.runtime.queries.all().find(
      (r) => r.query.subject === query.subject,
    );
    if (!registration) throw new Error(`replica ${replica} does not answer ${query.subject}`);
    return (await registration.handler(query.request.parse(request), silent)) as Response;
  }

  /** A query's outcome: an expected refusal (404 or 409) is an answer like any other. */
  async function attempt(run: Run, label: string, call: () => Promise<unknown>): Promise<string> {
    try {
      await call();
      return 'ok';
    } catch (error) {
      if (error instanceof AppError && (error.status === 404 || error.status === 409)) return error.code;
      run.unexpected.push(
        `${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return 'unexpected';
    }
  }

  async function consumerOutcomes(): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const replica of replicas) {
      for (const value of (await replica.runtime.metrics.consumed.get()).values) {
        const outcome = String(value.labels.outcome);
        totals[outcome] = (totals[outcome] ?? 0) + value.value;
      }
    }
    return totals;
  }

  async function setUp(): Promise<Run> {
    const runId = ++runCounter;
    const agents = Array.from({ length: AGENTS }, (_, i) => `p${runId}-agent-${i}`);
    for (const [i, agentId] of agents.entries()) {
      // First contact makes the agent a member of the fallback queue, where everything is enqueued.
      await answer(0, queries.setAgentPresence, { agentId, presence: 'offline' });
      const own = OWN_CAPACITY[i];
      if (own) {
        await answer(1, queries.setAgentCapacity, {
          agentId,
          universalCapacity: own.universalCapacity,
          channels: { sms: own.sms },
        });
      }
    }
    // The team comes online (timeouts and the steps take them away again).
    await Promise.all(
      agents.map((agentId, i) =>
        answer((i % 2) as Replica, queries.setAgentPresence, { agentId, presence: 'available' }),
      ),
    );
    return {
      agents,
      interactions: [],
      closed: new Set(),
      published: [],
      unexpected: [],
      violations: new Set(),
    };
  }

  async function execute(run: Run, step: Step): Promise<string> {
    switch (step.kind) {
      case 'enqueue': {
        const command = enqueue(uuidv7(), { priority: step.priority });
        run.interactions.push(command.data.interactionId);
        run.published.push(command.id);
        await tap.publish(command);
        return `enqueued ${command.data.interactionId}`;
      }
      case 'close': {
        const open = run.interactions.filter((id) => !run.closed.has(id));
        if (open.length === 0) return 'nothing to close';
        const interactionId = open[step.pick % open.length]!;
        run.closed.add(interactionId);
        const ended = createEnvelope(
          'interaction.conversation.state-changed.v1',
          { interactionId, from: 'work_in_progress', to: 'closed_complete', assigneeId: null },
          { correlationId: interactionId },
        );
        run.published.push(ended.id);
        await tap.publish(ended);
        return `closed ${interactionId}`;
      }
      case 'accept':
      case 'reject': {
        const target = await pickOffer(run, step.pick);
        const agentId = step.wrongAgent
          ? run.agents[(run.agents.indexOf(target.agentId) + 1 + (step.pick % (AGENTS - 1))) % AGENTS]!
          : target.agentId;
        const request = { workItemId: target.workItemId, agentId };
        const outcome = await attempt(run, `${step.kind} ${JSON.stringify(request)}`, () =>
          step.kind === 'accept'
            ? answer(step.replica, queries.acceptOffer, request)
            : answer(step.replica, queries.rejectOffer, { ...request, reason: 'property test' }),
        );
        return `${step.kind} ${target.workItemId} as ${agentId} on replica ${step.replica}: ${outcome}`;
      }
      case 'presence': {
        const agentId = run.agents[step.agent]!;
        const outcome = await attempt(run, `presence ${agentId} ${step.presence}`, () =>
          answer(step.replica, queries.setAgentPresence, { agentId, presence: step.presence }),
        );
        return `${agentId} ${step.presence} on replica ${step.replica}: ${outcome}`;
      }
      case 'wait':
        await sleep(step.ms);
        return `waited ${step.ms} ms`;
    }
  }

  /** A current offer of this run; else some other item of it, or one that does not exist (refusals). */
  async function pickOffer(run: Run, pick: number): Promise<{ workItemId: string; agentId: string }> {
    const rows = await observer.query<Array<{ id: string; agent_id: string | null; state: string }>>(
      `SELECT id, agent_id, state FROM work_item WHERE interaction_id = ANY ($1::uuid[])
        ORDER BY state <> 'offered', id`,
      [run.interactions],
    );
    const offered = rows.filter((row) => row.state === 'offered');
    const pool = offered.length > 0 ? offered : rows;
    const row = pool.length > 0 ? pool[pick % pool.length]! : null;
    return {
      workItemId: row?.id ?? uuidv7(),
      agentId: row?.agent_id ?? run.agents[pick % AGENTS]!,
    };
  }

  /** Checks the snapshot invariants about every 100 ms while the steps run. */
  async function monitor(run: Run, running: { done: boolean }): Promise<void> {
    while (!running.done) {
      const rows = await observer.query<Array<{ invariant: string; detail: string }>>(SNAPSHOT_INVARIANTS, [
        DEFAULT_CAPACITY,
      ]);
      for (const row of rows) run.violations.add(`(while running) ${row.invariant}: ${row.detail}`);
      await sleep(100);
    }
  }

  /** Waits until both replicas handled every published event and nothing changed for QUIET_MS. */
  async function quiet(run: Run): Promise<void> {
    await eventually(
      async () => {
        const [row] = await observer.query<Array<{ handled: number }>>(
          `SELECT count(DISTINCT event_id)::int AS handled FROM inbox WHERE event_id = ANY ($1::uuid[])`,
          [run.published],
        );
        expect(row!.handled).toBe(run.published.length);
      },
      { timeoutMs: 15_000 },
    );
    const fingerprint = async () =>
      (await observer.query<Array<{ fingerprint: string }>>(FINGERPRINT))[0]!.fingerprint;
    const deadline = Date.now() + 15_000;
    let before = await fingerprint();
    for (;;) {
      await sleep(QUIET_MS);
      const after = await fingerprint();
      if (after === before) return;
      if (Date.now() > deadline) throw new Error('routing never went quiet');
      before = after;
    }
  }

  /** The invariants at quiet time, against the database and the outbox of both replicas. */
  async function check(run: Run): Promise<string[]> {
    const problems = [...run.violations];
    await observer.transaction('REPEATABLE READ', async (manager) => {
      for (const row of await manager.query<Array<{ invariant: string; detail: string }>>(
        SNAPSHOT_INVARIANTS,
        [DEFAULT_CAPACITY],
      )) {
        problems.push(`${row.invariant}: ${row.detail}`);
      }
      for (const row of await manager.query<Array<{ detail: string }>>(STARVING, [DEFAULT_CAPACITY])) {
        problems.push(`(5) no starving: ${row.detail}`);
      }
      const items = await manager.query<ItemRow[]>(
        `SELECT id, interaction_id, state, agent_id, size FROM work_item WHERE interaction_id = ANY ($1::uuid[])`,
        [run.interactions],
      );
      // (3) Nothing lost: an open interaction has exactly one open item, a closed one none.
      for (const interactionId of run.interactions) {
        const open = items.filter((item) => item.interaction_id === interactionId && item.state !== 'closed');
        const expected = run.closed.has(interactionId) ? 0 : 1;
        if (open.length !== expected) {
          problems.push(
            `(3) no item lost: ${run.closed.has(interactionId) ? 'closed' : 'open'} interaction ${interactionId} ` +
              `has ${open.length} open item(s): ${open.map((item) => `${item.id} ${item.state}`).join(', ')}`,
          );
        }
      }
      const events = await manager.query<OutboxEvent[]>(
        `SELECT seq::text, subject, payload FROM outbox
          WHERE payload->'data'->>'interactionId' = ANY ($1::text[]) ORDER BY outbox.seq`,
        [run.interactions],
      );
      problems.push(...replay(run, events, items));
      const [dead] = await manager.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM dead_letter`);
      if (dead!.n > 0) problems.push(`${dead!.n} message(s) dead-lettered`);
    });
    return problems;
  }

  /**
   * (2) Replays the events of the run's items in outbox order (every event about an item is written
   * while its row is locked, so that order is the order of the changes): each must be a legal step
   * from the item's state (an offer only of a waiting item, so never two offers standing; an accept
   * only by the agent of the standing offer, before its deadline; an offer taken back only after its
   * deadline when it timed out), the load it gives each agent stays within their capacity, and the
   * replay ends in the state the database holds.
   */
  function replay(run: Run, events: OutboxEvent[], items: ItemRow[]): string[] {
    const problems: string[] = [];
    const size = new Map(items.map((item) => [item.id, item.size]));
    const state = new Map<string, { state: string; agentId: string | null; expiresAt: number | null }>();
    const load = new Map<string, number>();
    const capacity = (agentId: string) => {
      const own = OWN_CAPACITY[run.agents.indexOf(agentId)];
      return own ? Math.min(own.sms, own.universalCapacity ?? own.sms) : DEFAULT_CAPACITY;
    };
    const release = (agentId: string | null, itemId: string) => {
      if (agentId) load.set(agentId, (load.get(agentId) ?? 0) - (size.get(itemId) ?? 1));
    };
    for (const { seq, subject, payload } of events) {
      const { workItemId, agentId = null, reason } = payload.data;
      const at = Date.parse(payload.occurredAt);
      const current = state.get(workItemId);
      const illegal = (why: string) =>
        problems.push(
          `(2) event #${seq} ${subject}${reason ? ` (${reason})` : ''} for ${workItemId} ${why}; ` +
            `item was ${current ? `${current.state} ${current.agentId ?? ''}` : 'unknown'}`,
        );
      switch (subject) {
        case 'routing.workitem.queued.v1':
          if (reason === 'new' || reason === 'reopened') {
            if (current) illegal('opens an item that exists');
          } else if (reason === 'reassigned') {
            if (current?.state !== 'assigned') illegal('reassigns an item nobody holds');
            else release(current.agentId, workItemId);
          } else if (current?.state !== 'offered') {
            illegal('takes back an offer that does not stand');
          } else {
            if (reason === 'offer_expired' && at < current.expiresAt!)
              illegal('takes an offer back before its deadline');
            release(current.agentId, workItemId);
          }
          state.set(workItemId, { state: 'queued', agentId: null, expiresAt: null });
          break;
        case 'routing.offer.created.v1': {
          if (current?.state !== 'queued') illegal('offers an item that is not waiting');
          const next = (load.get(agentId!) ?? 0) + (size.get(workItemId) ?? 1);
          load.set(agentId!, next);
          if (next > capacity(agentId!))
            illegal(`brings ${agentId}'s load to ${next} > ${capacity(agentId!)}`);
          state.set(workItemId, {
            state: 'offered',
            agentId,
            expiresAt: Date.parse(payload.data.expiresAt!),
          });
          break;
        }
        case 'routing.workitem.assigned.v1':
          if (current?.state !== 'offered' || current.agentId !== agentId) {
            illegal(`assigns it to ${agentId}, who was not offered it`);
          } else if (at > current.expiresAt! + 500) {
            // The accept checks the deadline a moment before it dates the event.
            illegal(`accepted at ${payload.occurredAt}, past the offer's deadline`);
          }
          state.set(workItemId, { state: 'assigned', agentId, expiresAt: null });
          break;
        case 'routing.workitem.closed.v1':
          if (!current || current.state === 'closed') illegal('closes an item that is not open');
          else if (current.agentId !== agentId) illegal(`names ${agentId} as its agent`);
          else release(current.agentId, workItemId);
          state.set(workItemId, { state: 'closed', agentId: null, expiresAt: null });
          break;
      }
    }
    for (const item of items) {
      const replayed = state.get(item.id);
      if (replayed?.state !== item.state || replayed.agentId !== item.agent_id) {
        problems.push(
          `(2) item ${item.id} is ${item.state} ${item.agent_id ?? ''} but its events say ` +
            `${replayed ? `${replayed.state} ${replayed.agentId ?? ''}` : 'nothing'}`,
        );
      }
    }
    return problems;
  }

  /** Nobody available and nothing open, so the next run starts from nothing. */
  async function tearDown(): Promise<void> {
    await observer.transaction(async (manager) => {
      await manager.query(`UPDATE agent SET presence = 'offline'`);
      await manager.query(
        `UPDATE work_item SET state = 'closed', agent_id = NULL, offer_expires_at = NULL, closed_at = now()
          WHERE state <> 'closed'`,
      );
    });
  }

  it('keeps capacity, one live offer per item, every item and no starving, whatever the interleaving', async () => {
    const property = fc.asyncProperty(runArb, async (batches) => {
      const run = await setUp();
      const log: string[] = [];
      logSink = run.unexpected;
      const before = await consumerOutcomes();
      const running = { done: false };
      const watching = monitor(run, running);
      try {
        for (const [index, batch] of batches.entries()) {
          const outcomes = await Promise.allSettled(batch.map((step) => execute(run, step)));
          for (const outcome of outcomes) {
            if (outcome.status === 'fulfilled') log.push(`batch ${index}: ${outcome.value}`);
            else run.unexpected.push(`batch ${index}: ${String(outcome.reason)}`);
          }
        }
        await quiet(run);
        running.done = true;
        await watching;
        const problems = await check(run);
        const after = await consumerOutcomes();
        for (const outcome of ['retried', 'dead_lettered']) {
          const count = (after[outcome] ?? 0) - (before[outcome] ?? 0);
          if (count > 0) problems.push(`${count} consumed message(s) ${outcome}`);
        }
        problems.push(...run.unexpected.map((line) => `unexpected: ${line}`));
        if (problems.length > 0) {
          throw new Error(
            `${problems.length} problem(s) (seed ${SEED}):\n  ${problems.join('\n  ')}\nsteps:\n  ${log.join('\n  ')}`,
          );
        }
      } finally {
        running.done = true;
        await watching.catch(() => undefined);
        logSink = null;
        await tearDown();
      }
    });
    await fc.assert(property, {
      seed: SEED,
      ...(PATH ? { path: PATH } : {}),
      numRuns: RUNS,
      verbose: true,
      endOnFailure: !SHRINK,
    });
  }, 240_000);
});

function describeLog(args: unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === 'string') return arg;
      const err = (arg as { err?: unknown } | null)?.err;
      return err instanceof Error ? `${err.name}: ${err.message}` : JSON.stringify(arg);
    })
    .join(' ');
}
