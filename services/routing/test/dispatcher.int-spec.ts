// The dispatcher on its own, against the real Postgres: what it places, and what it reports.
import { createDataSource, Metrics, migrate, Outbox } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Dispatcher, type DispatcherOptions } from '../src/app/dispatcher';
import { RoutingMetrics } from '../src/app/routing-metrics';
import { RoutingSettings } from '../src/app/routing-settings';
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

  async function waiting(queueId: string, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1)
      await db.query(
        `INSERT INTO work_item (id, interaction_id, queue_id, channel, state) VALUES ($1, $2, $3, 'sms', 'queued')`,
        [uuidv7(), uuidv7(), queueId],
      );
  }

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
});
