// The dispatcher on its own, against the real Postgres: what it places, and what it reports.
import { createDataSource, Metrics, migrate, Outbox } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Dispatcher, type DispatcherOptions } from '../src/app/dispatcher';
import { RoutingMetrics } from '../src/app/routing-metrics';
import { RoutingSettings } from '../src/app/routing-settings';
import { freeCapacity } from '../src/domain/capacity';
import { RoutingRepository } from '../src/infra/routing.repository';
import { routingService } from '../src/routing.service';

describe('routing: the dispatcher', () => {
  let environment: IsolatedEnvironment;
  let db: DataSource;
  let queueCounter = 0;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    db = createDataSource({
      url: environment.databaseUrl,
      schema: routingService.schema,
      poolSize: 4,
      applicationName: 'routing-dispatcher-int',
      migrations: routingService.migrations,
    });
    await db.initialize();
    await migrate(db, routingService.schema, pino({ level: 'silent' }));
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await environment?.dispose();
  });

  beforeEach(async () => {
    await db.query(`UPDATE agent SET presence = 'offline'`);
    await db.query(
      `UPDATE work_item SET state = 'closed', agent_id = NULL, offer_expires_at = NULL, closed_at = now()`,
    );
  });

  function dispatcher(options: DispatcherOptions = {}) {
    const metrics = new RoutingMetrics(new Metrics('routing-test', { defaultMetrics: false }), () =>
      Promise.resolve([]),
    );
    return new Dispatcher(new Outbox(routingService.schema), new RoutingSettings(4, 0), 60, metrics, options);
  }

  /** A queue of its own for each test, with these agents available in it. */
  async function queueWith(agents: Array<{ id: string; capacity?: number }>): Promise<string> {
    const queueId = uuidv7();
    await db.query(`INSERT INTO queue (id, name, position) VALUES ($1, $2, 1)`, [
      queueId,
      `dispatcher-${++queueCounter}`,
    ]);
    for (const agent of agents) {
      await db.query(
        `INSERT INTO agent (id, presence) VALUES ($1, 'available')
         ON CONFLICT (id) DO UPDATE SET presence = 'available'`,
        [agent.id],
      );
      await db.query(`INSERT INTO queue_member (queue_id, agent_id) VALUES ($1, $2)`, [queueId, agent.id]);
      await db.query(`DELETE FROM agent_channel_capacity WHERE agent_id = $1`, [agent.id]);
      if (agent.capacity !== undefined)
        await db.query(
          `INSERT INTO agent_channel_capacity (agent_id, channel, capacity) VALUES ($1, 'sms', $2)`,
          [agent.id, agent.capacity],
        );
    }
    return queueId;
  }

  async function waiting(
    queueId: string,
    count: number,
    reservedFor: string | null = null,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      ids.push(uuidv7());
      await db.query(
        `INSERT INTO work_item (id, interaction_id, queue_id, channel, state, reserved_for)
         VALUES ($1, $2, $3, 'sms', 'queued', $4)`,
        [ids[i], uuidv7(), queueId, reservedFor],
      );
    }
    return ids;
  }

  async function itemsOf(ids: string[]) {
    return db.query<
      Array<{
        id: string;
        state: string;
        agent_id: string | null;
        offer_expires_at: Date | null;
        offered_at: Date | null;
        offer_count: number;
        assigned_at: Date | null;
      }>
    >(
      `SELECT id, state, agent_id, offer_expires_at, offered_at, offer_count, assigned_at
         FROM work_item WHERE id = ANY ($1::uuid[]) ORDER BY id`,
      [ids],
    );
  }

  const loadOf = async (agentId: string) =>
    (
      await db.query<Array<{ load: number }>>(
        `SELECT count(*)::int AS load FROM work_item WHERE agent_id = $1 AND state IN ('offered', 'assigned')`,
        [agentId],
      )
    )[0]!.load;

  it('with every member full, a pass locks only the items kept for a named agent (W10)', async () => {
    const queueId = await queueWith([{ id: 'full-ann', capacity: 1 }]);
    await db.query(
      `INSERT INTO agent (id, presence) VALUES ('named-cy', 'available')
       ON CONFLICT (id) DO UPDATE SET presence = 'available'`,
    );
    const [held] = await waiting(queueId, 1);
    await db.transaction((manager) => dispatcher().dispatch(manager, { queueIds: [queueId] }));
    expect((await itemsOf([held!]))[0]).toMatchObject({ state: 'offered', agent_id: 'full-ann' });
    const unreserved = await waiting(queueId, 2);
    const [reserved] = await waiting(queueId, 1, 'named-cy');

    const lockedDuringPass: Record<string, boolean> = {};
    const isLocked = async (id: string) => {
      const probe = db.createQueryRunner();
      try {
        await probe.startTransaction();
        const rows = (await probe.query(`SELECT id FROM work_item WHERE id = $1 FOR UPDATE SKIP LOCKED`, [
          id,
        ])) as unknown[];
        return rows.length === 0;
      } finally {
        await probe.rollbackTransaction();
        await probe.release();
      }
    };
    await db.transaction(async (manager) => {
      await dispatcher().dispatch(manager, { queueIds: [queueId] });
      // Still inside the pass's transaction: what it locked stays locked until it commits.
      for (const id of [...unreserved, reserved!]) lockedDuringPass[id] = await isLocked(id);
    });
    expect(lockedDuringPass).toEqual({ [unreserved[0]!]: false, [unreserved[1]!]: false, [reserved!]: true });
    expect((await itemsOf([reserved!]))[0]).toMatchObject({ state: 'offered', agent_id: 'named-cy' });
    expect((await itemsOf(unreserved)).map((item) => item.state)).toEqual(['queued', 'queued']);
  });

  it('tells the placement hook of every item it considered, placed or not', async () => {
    const queueId = await queueWith([{ id: 'hook-agent', capacity: 2 }]);
    await waiting(queueId, 3);
    const placements: Array<{ ms: number; placed: boolean }> = [];
    const offered = await db.transaction((manager) =>
      dispatcher({ onPlacement: (ms, placed) => placements.push({ ms, placed }) }).dispatch(manager, {
        queueIds: [queueId],
      }),
    );
    expect(offered).toBe(2);
    expect(placements.map((p) => p.placed)).toEqual([true, true, false]);
    for (const { ms } of placements) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("writes a pass's offers together, each to its agent with its deadline", async () => {
    const queueId = await queueWith([
      { id: 'batch-ann', capacity: 2 },
      { id: 'batch-ben', capacity: 1 },
    ]);
    const ids = await waiting(queueId, 4);
    const before = Date.now();
    const offered = await db.transaction((manager) =>
      dispatcher().dispatch(manager, { queueIds: [queueId] }),
    );
    expect(offered).toBe(3);
    const items = await itemsOf(ids);
    const offeredItems = items.filter((item) => item.state === 'offered');
    expect(offeredItems.map((item) => item.agent_id).sort()).toEqual(['batch-ann', 'batch-ann', 'batch-ben']);
    for (const item of offeredItems) {
      expect(item.offer_count).toBe(1);
      expect(item.offered_at).not.toBeNull();
      // The dispatcher's offer timeout here is 60 s.
      expect(item.offer_expires_at!.getTime()).toBeGreaterThanOrEqual(before + 59_000);
      expect(item.offer_expires_at!.getTime()).toBeLessThanOrEqual(Date.now() + 61_000);
    }
    expect(items.filter((item) => item.state === 'queued')).toHaveLength(1);
  });

  it("W7: writes an auto-assign pass's assignments together, and when each agent was last assigned", async () => {
    const queueId = await queueWith([
      { id: 'auto-ann', capacity: 1 },
      { id: 'auto-ben', capacity: 1 },
    ]);
    await db.query(`UPDATE queue SET auto_assign = true WHERE id = $1`, [queueId]);
    await db.query(`UPDATE agent SET last_assigned_at = NULL WHERE id IN ('auto-ann', 'auto-ben')`);
    const ids = await waiting(queueId, 2);
    const assigned = await db.transaction((manager) =>
      dispatcher().dispatch(manager, { queueIds: [queueId] }),
    );
    expect(assigned).toBe(2);
    const items = await itemsOf(ids);
    expect(items.map((item) => [item.state, item.offer_expires_at])).toEqual([
      ['assigned', null],
      ['assigned', null],
    ]);
    expect(items.map((item) => item.agent_id).sort()).toEqual(['auto-ann', 'auto-ben']);
    for (const item of items) expect(item.assigned_at).not.toBeNull();
    const agents = await db.query<Array<{ last_assigned_at: Date | null }>>(
      `SELECT last_assigned_at FROM agent WHERE id IN ('auto-ann', 'auto-ben')`,
    );
    for (const agent of agents) expect(agent.last_assigned_at).not.toBeNull();
  });

  it('W4: an agent in two queues dispatched together gets no more than their capacity', async () => {
    const first = await queueWith([{ id: 'shared-ann', capacity: 2 }]);
    const second = await queueWith([{ id: 'shared-ann', capacity: 2 }]);
    await waiting(first, 2);
    await waiting(second, 2);
    const offered = await db.transaction((manager) =>
      dispatcher().dispatch(manager, { queueIds: [first, second] }),
    );
    expect(offered).toBe(2);
    expect(await loadOf('shared-ann')).toBe(2);
  });

  it('W4, W10: items transferred by name to one agent in one pass stop at their capacity', async () => {
    const queueId = await queueWith([{ id: 'member-ann', capacity: 4 }]);
    await db.query(
      `INSERT INTO agent (id, presence) VALUES ('named-ben', 'available')
       ON CONFLICT (id) DO UPDATE SET presence = 'available'`,
    );
    await db.query(
      `INSERT INTO agent_channel_capacity (agent_id, channel, capacity) VALUES ('named-ben', 'sms', 1)
       ON CONFLICT (agent_id, channel) DO UPDATE SET capacity = 1`,
    );
    await waiting(queueId, 3, 'named-ben');
    const offered = await db.transaction((manager) =>
      dispatcher().dispatch(manager, { queueIds: [queueId] }),
    );
    expect(offered).toBe(1);
    expect(await loadOf('named-ben')).toBe(1);
    expect(await loadOf('member-ann')).toBe(0);
  });

  /** Runs `body` while another transaction (another replica, say) holds these agents' rows. */
  async function whileHeld<T>(agentIds: string[], body: () => Promise<T>): Promise<T> {
    const other = db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`SELECT id FROM agent WHERE id = ANY ($1::text[]) FOR UPDATE`, [agentIds]);
      return await body();
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
  }

  it('W4 on several replicas: an agent another transaction holds is skipped, not waited for', async () => {
    const queueId = await queueWith([
      { id: 'held-ann', capacity: 2 },
      { id: 'free-ben', capacity: 2 },
    ]);
    const ids = await waiting(queueId, 3);
    const offered = await whileHeld(['held-ann'], () =>
      db.transaction((manager) => dispatcher().dispatch(manager, { queueIds: [queueId] })),
    );
    expect(offered).toBe(2);
    expect((await itemsOf(ids)).map((item) => item.agent_id).sort()).toEqual(['free-ben', 'free-ben', null]);
  });

  describe('RoutingRepository.lockAgentsForWork', () => {
    it('locks those who receive work and nobody else holds, then reads their loads', async () => {
      const queueId = await queueWith([
        { id: 'lock-ann', capacity: 3 },
        { id: 'lock-ben' },
        { id: 'lock-cat' },
        { id: 'lock-dan' },
      ]);
      await db.query(`UPDATE agent SET presence = 'away' WHERE id = 'lock-cat'`);
      const [item] = await waiting(queueId, 1);
      await db.query(`UPDATE work_item SET state = 'offered', agent_id = 'lock-ann' WHERE id = $1`, [item]);
      const locked = await whileHeld(['lock-dan'], () =>
        db.transaction((manager) =>
          new RoutingRepository(manager).lockAgentsForWork(
            ['lock-ann', 'lock-ben', 'lock-cat', 'lock-dan', 'nobody'],
            'sms',
            4,
          ),
        ),
      );
      expect([...locked.keys()].sort()).toEqual(['lock-ann', 'lock-ben']);
      expect(freeCapacity(locked.get('lock-ann')!)).toBe(2);
      expect(freeCapacity(locked.get('lock-ben')!)).toBe(4);
    });

    it('holds the rows it returned until the transaction ends', async () => {
      await queueWith([{ id: 'kept-ann' }]);
      await db.transaction(async (manager) => {
        await new RoutingRepository(manager).lockAgentsForWork(['kept-ann'], 'sms', 4);
        const elsewhere = await db.query<Array<{ id: string }>>(
          `SELECT id FROM agent WHERE id = 'kept-ann' FOR UPDATE SKIP LOCKED`,
        );
        expect(elsewhere).toEqual([]);
      });
    });
  });
});
