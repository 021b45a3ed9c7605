// SPEC W1, W3, W4, W9 against the real servers: how much work an agent is offered (channel
// default, their own and universal capacities, item size), which presence states receive work,
// heartbeats, and what happens to an agent's work when they stop receiving it.
import { queries } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { routingService } from '../src/routing.service';
import { enqueue, stateChanged } from './support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often routing dispatches every open queue in these tests. */
const DISPATCH_INTERVAL_MS = 200;
/** Long enough for three periodic passes: what none of them offered, none will. */
const SEVERAL_DISPATCH_PASSES_MS = 3 * DISPATCH_INTERVAL_MS;

/** One routing service on an environment of its own, with the helpers its tests share. */
function routingHarness(prefix: string, settings: Record<string, string>) {
  const harness = {
    environment: undefined as unknown as IsolatedEnvironment,
    service: undefined as unknown as RunningService,
    tap: undefined as unknown as MessageTap,
  };
  let agentCounter = 0;

  beforeAll(async () => {
    harness.environment = await createIsolatedEnvironment();
    harness.service = await bootService(routingService, harness.environment, {
      ROUTING_DISPATCH_INTERVAL_MS: String(DISPATCH_INTERVAL_MS),
      ...settings,
    });
    harness.tap = (
      await MessageTap.open(harness.environment.servers.natsUrl, harness.environment.namespace)
    ).watch('routing.offer.created.v1', 'routing.workitem.queued.v1');
  });

  afterAll(async () => {
    await harness.tap?.close();
    await harness.service?.stop();
    await harness.environment?.dispose();
  });

  beforeEach(async () => {
    // Each test starts with nobody available and nothing waiting.
    await db().query(`UPDATE agent SET presence = 'offline'`);
    await db().query(
      `UPDATE work_item SET state = 'closed', agent_id = NULL, held = false, offer_expires_at = NULL, closed_at = now()`,
    );
  });

  const db = () => harness.service.runtime.dataSource;
  const ask: RunningService['runtime']['ask'] = (query, request, timeoutMs) =>
    harness.service.runtime.ask(query, request, timeoutMs);

  return {
    harness,
    db,
    ask,
    newAgent: () => `${prefix}-${String(++agentCounter).padStart(3, '0')}`,
    setPresence: (agentId: string, presence = 'available') =>
      ask(queries.setAgentPresence, { agentId, presence }),
    setCapacity: (agentId: string, sms: number | null, universalCapacity: number | null = null) =>
      ask(queries.setAgentCapacity, {
        agentId,
        universalCapacity,
        channels: sms === null ? {} : { sms },
      }),

    /** Enqueues `count` conversations and waits until routing holds a work item for each. */
    async waiting(count: number, extras: Parameters<typeof enqueue>[1] = {}): Promise<string[]> {
      const commands = Array.from({ length: count }, () => enqueue(undefined, extras));
      for (const command of commands) await harness.tap.publish(command);
      const ids = commands.map((command) => command.data.interactionId);
      await eventually(async () => {
        const [row] = await db().query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM work_item WHERE interaction_id = ANY ($1::uuid[])`,
          [ids],
        );
        expect(row!.n).toBe(count);
      });
      return ids;
    },

    /** How many of these conversations' items are in each state, and with whom. */
    async states(interactionIds: string[]): Promise<Record<string, number>> {
      const rows = await db().query<Array<{ key: string; n: number }>>(
        `SELECT state || COALESCE(':' || agent_id, '') AS key, count(*)::int AS n FROM work_item
          WHERE interaction_id = ANY ($1::uuid[]) GROUP BY 1`,
        [interactionIds],
      );
      return Object.fromEntries(rows.map((row) => [row.key, row.n]));
    },

    /** Waits until these conversations' items are in these states (see states). */
    async settles(interactionIds: string[], expected: Record<string, number>): Promise<void> {
      await eventually(async () => expect(await this.states(interactionIds)).toEqual(expected));
    },

    /** The agent as a manager sees them (routingOverview): presence, capacity and load. */
    async seen(agentId: string) {
      const { agents } = await ask(queries.routingOverview, {});
      const agent = agents.find((candidate) => candidate.agentId === agentId);
      return agent && { presence: agent.presence, capacity: agent.capacity, load: agent.load };
    },

    async itemOf(interactionId: string) {
      const [row] = await db().query<
        Array<{
          id: string;
          state: string;
          agent_id: string | null;
          held: boolean;
          enqueued_at: Date;
          size: number;
        }>
      >(
        `SELECT id, state, agent_id, held, enqueued_at, size FROM work_item WHERE interaction_id = $1
          ORDER BY enqueued_at DESC LIMIT 1`,
        [interactionId],
      );
      return row!;
    },

    async agentRow(agentId: string) {
      const [row] = await db().query<Array<{ presence: string; last_seen_at: Date | null }>>(
        `SELECT presence, last_seen_at FROM agent WHERE id = $1`,
        [agentId],
      );
      return row;
    },

    /** Offers the item to `agentId` (who must be the only one with room) and accepts it. */
    async assignedTo(agentId: string): Promise<{ interactionId: string; workItemId: string }> {
      const command = enqueue();
      await harness.tap.publish(command);
      const [offer] = await harness.tap.waitFor(
        'routing.offer.created.v1',
        (event) => event.data.interactionId === command.data.interactionId,
      );
      expect(offer!.data.agentId).toBe(agentId);
      await ask(queries.acceptOffer, { workItemId: offer!.data.workItemId, agentId });
      return { interactionId: command.data.interactionId, workItemId: offer!.data.workItemId };
    },

    /** Puts an assigned conversation on hold, as interaction reports it, and waits until routing applied it. */
    async putOnHold(interactionId: string, agentId: string): Promise<void> {
      const hold = stateChanged(interactionId, {
        from: 'work_in_progress',
        to: 'on_hold',
        assigneeId: agentId,
        cause: 'agent_hold',
      });
      await harness.tap.publish(hold);
      await eventually(async () => {
        const rows = await db().query<unknown[]>(`SELECT 1 FROM inbox WHERE event_id = $1`, [hold.id]);
        expect(rows).toHaveLength(1);
      });
    },

    queuedEvents(interactionId: string) {
      return harness.tap
        .events('routing.workitem.queued.v1')
        .filter((event) => event.data.interactionId === interactionId);
    },
  };
}

describe('routing: capacity and presence (SPEC W1, W3, W4, W9)', () => {
  const t = routingHarness('cap-agent', {
    // No ROUTING_DEFAULT_CAPACITY: the sms default is the built-in 4.
    ROUTING_HEARTBEAT_TIMEOUT_SECONDS: '5',
    ROUTING_OFFER_SWEEP_MS: '100',
  });

  it('W1: the sms default capacity is 4: an agent is offered at most 4 items', async () => {
    const alice = t.newAgent();
    const items = await t.waiting(5);
    expect(await t.setPresence(alice)).toMatchObject({ agentId: alice, presence: 'available', capacity: 4 });
    await t.settles(items, { [`offered:${alice}`]: 4, queued: 1 });
    // Periodic passes change nothing: she is full.
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states(items)).toEqual({ [`offered:${alice}`]: 4, queued: 1 });
    expect(await t.seen(alice)).toEqual({ presence: 'available', capacity: 4, load: 4 });
  });

  it("W1: an agent's own sms capacity replaces the default, up or down, and applies at once", async () => {
    const [alice, bob] = [t.newAgent(), t.newAgent()];
    await t.setCapacity(alice, 6);
    await t.setCapacity(bob, 2);
    const items = await t.waiting(10);
    expect(await t.setPresence(alice)).toMatchObject({ capacity: 6 });
    expect(await t.setPresence(bob)).toMatchObject({ capacity: 2 });
    await t.settles(items, { [`offered:${alice}`]: 6, [`offered:${bob}`]: 2, queued: 2 });

    // Raised while items wait: one more is offered.
    expect(await t.setCapacity(bob, 3)).toEqual({
      agentId: bob,
      universalCapacity: null,
      channels: { sms: 3 },
    });
    await t.settles(items, { [`offered:${alice}`]: 6, [`offered:${bob}`]: 3, queued: 1 });
    // Lowered below her load: she keeps what she has and is offered nothing more.
    await t.setCapacity(alice, 1);
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states(items)).toEqual({ [`offered:${alice}`]: 6, [`offered:${bob}`]: 3, queued: 1 });
    expect(await t.seen(alice)).toEqual({ presence: 'available', capacity: 1, load: 6 });
  });

  it('W1: a universal capacity bounds the work across channels, below the channel capacity', async () => {
    const alice = t.newAgent();
    await t.setCapacity(alice, 6, 3);
    const items = await t.waiting(5);
    expect(await t.setPresence(alice)).toMatchObject({ capacity: 3 });
    await t.settles(items, { [`offered:${alice}`]: 3, queued: 2 });
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states(items)).toEqual({ [`offered:${alice}`]: 3, queued: 2 });
  });

  it('W1: a new channel default capacity (updateChannel) applies to agents without their own', async () => {
    const [alice, bob] = [t.newAgent(), t.newAgent()];
    await t.setCapacity(bob, 3);
    try {
      expect(await t.ask(queries.updateChannel, { name: 'sms', defaultCapacity: 2 })).toEqual({
        name: 'sms',
        defaultCapacity: 2,
        itemSize: 1,
      });
      expect(await t.ask(queries.listChannels, {})).toEqual({
        channels: [{ name: 'sms', defaultCapacity: 2, itemSize: 1 }],
      });
      const items = await t.waiting(6);
      expect(await t.setPresence(alice)).toMatchObject({ capacity: 2 });
      expect(await t.setPresence(bob)).toMatchObject({ capacity: 3 });
      await t.settles(items, { [`offered:${alice}`]: 2, [`offered:${bob}`]: 3, queued: 1 });
    } finally {
      await t.ask(queries.updateChannel, { name: 'sms', defaultCapacity: 4 });
    }
  });

  it('W1: with an sms item size of 2, each item counts 2 against the capacity', async () => {
    const alice = t.newAgent();
    try {
      await t.ask(queries.updateChannel, { name: 'sms', itemSize: 2 });
      const items = await t.waiting(3);
      expect((await t.itemOf(items[0]!)).size).toBe(2);
      await t.setPresence(alice);
      await t.settles(items, { [`offered:${alice}`]: 2, queued: 1 });
      expect(await t.seen(alice)).toEqual({ presence: 'available', capacity: 4, load: 4 });
    } finally {
      await t.ask(queries.updateChannel, { name: 'sms', itemSize: 1 });
    }
  });

  it('W3: custom presence states: an agent at lunch is offered nothing; sms_only receives work, and leaving it gives the offer back', async () => {
    expect(
      await t.ask(queries.putPresenceState, { name: 'lunch', receivesWork: false, channels: null }),
    ).toEqual({ name: 'lunch', receivesWork: false, channels: null, builtIn: false });
    await t.ask(queries.putPresenceState, { name: 'sms_only', receivesWork: true, channels: ['sms'] });
    const { states } = await t.ask(queries.listPresenceStates, {});
    expect(states.map((state) => state.name)).toEqual(expect.arrayContaining(['lunch', 'sms_only']));

    const alice = t.newAgent();
    const [item] = await t.waiting(1);
    expect(await t.setPresence(alice, 'lunch')).toMatchObject({ presence: 'lunch', load: 0 });
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states([item!])).toEqual({ queued: 1 });

    expect(await t.setPresence(alice, 'sms_only')).toMatchObject({ presence: 'sms_only' });
    await t.settles([item!], { [`offered:${alice}`]: 1 });

    // W9: lunch receives no work, so her pending offer goes back to the queue.
    await t.setPresence(alice, 'lunch');
    expect(await t.states([item!])).toEqual({ queued: 1 });
    await t.harness.tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.interactionId === item && event.data.reason === 'agent_unavailable',
    );
  });

  it('W3: an unknown presence state is 400 PRESENCE_UNKNOWN, and changes nothing', async () => {
    const alice = t.newAgent();
    await t.setPresence(alice);
    await expect(t.setPresence(alice, 'napping')).rejects.toMatchObject({
      code: 'PRESENCE_UNKNOWN',
      status: 400,
    });
    expect(await t.agentRow(alice)).toMatchObject({ presence: 'available' });
    // Nor is an agent routing never met created by it.
    const stranger = t.newAgent();
    await expect(t.setPresence(stranger, 'napping')).rejects.toMatchObject({ code: 'PRESENCE_UNKNOWN' });
    expect(await t.agentRow(stranger)).toBeUndefined();
  });

  it('W4: an agent in a state that receives no work is never a candidate, however much room they have', async () => {
    await t.ask(queries.putPresenceState, { name: 'lunch', receivesWork: false, channels: null });
    const [away, lunching] = [t.newAgent(), t.newAgent()];
    await t.setPresence(away, 'away');
    await t.setPresence(lunching, 'lunch');
    const items = await t.waiting(2);
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states(items)).toEqual({ queued: 2 });
  });

  it('W4: work on hold counts against neither the channel nor the universal capacity', async () => {
    const alice = t.newAgent();
    await t.setCapacity(alice, null, 1);
    await t.setPresence(alice);
    const held = await t.assignedTo(alice);
    const [next] = await t.waiting(1);
    // Her universal capacity of one is taken.
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states([next!])).toEqual({ queued: 1 });

    await t.putOnHold(held.interactionId, alice);
    await t.settles([next!], { [`offered:${alice}`]: 1 });
    expect(await t.seen(alice)).toEqual({ presence: 'available', capacity: 1, load: 1 });
  });

  it('W3: a heartbeat records when each agent routing knows was last seen', async () => {
    const alice = t.newAgent();
    await t.setPresence(alice);
    await t.db().query(`UPDATE agent SET last_seen_at = now() - interval '1 hour' WHERE id = $1`, [alice]);
    const before = Date.now();
    expect(await t.ask(queries.heartbeat, { agentIds: [alice, alice, 'never-seen-agent'] })).toEqual({
      seen: 1,
    });
    const row = await t.agentRow(alice);
    expect(row!.presence).toBe('available');
    expect(row!.last_seen_at!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(await t.agentRow('never-seen-agent')).toBeUndefined();
  });

  it('W3/W9: an agent silent past the heartbeat timeout goes offline and their pending offer goes on; one who sends heartbeats stays', async () => {
    const [alice, bob] = [t.newAgent(), t.newAgent()];
    await t.setPresence(alice);
    const [item] = await t.waiting(1);
    await t.settles([item!], { [`offered:${alice}`]: 1 });
    await t.setPresence(bob);

    // Instead of waiting: alice was last seen 10 s ago, bob 4 s ago (the timeout is 5 s).
    const backdatedAt = Date.now();
    await t.db().query(
      `UPDATE agent SET last_seen_at = now() - make_interval(secs => s.ago), updated_at = now() - make_interval(secs => s.ago)
         FROM (VALUES ($1, 10), ($2, 4)) AS s(id, ago) WHERE agent.id = s.id`,
      [alice, bob],
    );
    await t.ask(queries.heartbeat, { agentIds: [bob] });

    await eventually(async () => expect(await t.agentRow(alice)).toMatchObject({ presence: 'offline' }));
    await eventually(() =>
      expect(t.queuedEvents(item!).map((event) => event.data.reason)).toEqual(['new', 'agent_unavailable']),
    );
    await t.settles([item!], { [`offered:${bob}`]: 1 });

    // Without his heartbeat bob would be silent past the timeout by now; several sweeps have run.
    await sleep(Math.max(0, backdatedAt + 1_500 - Date.now()));
    expect(await t.agentRow(bob)).toMatchObject({ presence: 'available' });
  });

  it('W9: without reassignment on unavailability, work an agent holds stays theirs when they go offline', async () => {
    const alice = t.newAgent();
    await t.setPresence(alice);
    const held = await t.assignedTo(alice);
    await t.setPresence(alice, 'offline');
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.itemOf(held.interactionId)).toMatchObject({ state: 'assigned', agent_id: alice });
    expect(t.queuedEvents(held.interactionId).map((event) => event.data.reason)).toEqual(['new']);
  });
});

describe('routing: ROUTING_REASSIGN_ON_UNAVAILABLE=true (SPEC W9)', () => {
  const t = routingHarness('reassign-agent', { ROUTING_REASSIGN_ON_UNAVAILABLE: 'true' });

  it('W9: an agent going offline has their assigned work requeued (reason reassigned, keeping its age) and offered to someone available', async () => {
    const [alice, bob] = [t.newAgent(), t.newAgent()];
    await t.setPresence(alice);
    const held = await t.assignedTo(alice);
    const [pending] = await t.waiting(1);
    await t.settles([pending!], { [`offered:${alice}`]: 1 });
    const enqueuedAt = (await t.itemOf(held.interactionId)).enqueued_at;

    await t.setPresence(alice, 'offline');
    const [reassigned] = await t.harness.tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.interactionId === held.interactionId && event.data.reason === 'reassigned',
    );
    expect(reassigned!.data).toMatchObject({
      workItemId: held.workItemId,
      enqueuedAt: enqueuedAt.toISOString(),
    });
    expect(t.queuedEvents(pending!).map((event) => event.data.reason)).toEqual(['new', 'agent_unavailable']);
    expect(await t.states([held.interactionId, pending!])).toEqual({ queued: 2 });

    await t.setPresence(bob);
    await t.settles([held.interactionId, pending!], { [`offered:${bob}`]: 2 });
    expect((await t.itemOf(held.interactionId)).enqueued_at).toEqual(enqueuedAt);
  });

  it('W9/W4: work that was on hold, once reassigned, counts against the capacity of the agent it is offered to', async () => {
    const [alice, bob] = [t.newAgent(), t.newAgent()];
    await t.setCapacity(alice, 1);
    await t.setCapacity(bob, 1);
    await t.setPresence(alice);
    const first = await t.assignedTo(alice);
    await t.putOnHold(first.interactionId, alice);
    // On hold, it leaves room for a second.
    const second = await t.assignedTo(alice);

    await t.setPresence(alice, 'offline');
    const items = [first.interactionId, second.interactionId];
    expect(await t.states(items)).toEqual({ queued: 2 });
    await t.setPresence(bob);
    await t.settles(items, { [`offered:${bob}`]: 1, queued: 1 });
    // Periodic passes read his load afresh: the first item counts, so the second still waits.
    await sleep(SEVERAL_DISPATCH_PASSES_MS);
    expect(await t.states(items)).toEqual({ [`offered:${bob}`]: 1, queued: 1 });
    expect(await t.seen(bob)).toEqual({ presence: 'available', capacity: 1, load: 1 });
  });
});
