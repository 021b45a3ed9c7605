// The routing model migration applies, reverts to exactly the schema before it (agent.capacity
// NOT NULL, agent_presence_ck, ...) keeping what the old model can hold, and applies again.
import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment, schemaSnapshot } from '@threadline/testkit';
import { DEFAULT_QUEUE_ID } from '../src/domain/default-queue';
import { routingService } from '../src/routing.service';

describe('routing migrations', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment?.dispose();
  });

  it('the routing model: apply, revert exactly, and apply again', async () => {
    const env = { ...environment.env, LOG_LEVEL: 'silent' };
    const at = routingService.migrations.findIndex(
      (migration) => migration.name === 'RoutingModel1796342400000',
    );
    const routingModel = routingService.migrations[at];
    const before = routingService.migrations.slice(0, at);
    expect(await runMigrations({ ...routingService, migrations: before }, env)).toEqual([
      'PlatformTables1764028800000',
      'OutboxPendingIndex1764028800001',
      'QueuesAgentsWorkItems1764115400000',
      'WorkItemLifecycle1796169600001',
    ]);
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: routingService.schema,
      poolSize: 2,
      applicationName: 'routing-migrations-test',
      migrations: [...before, routingModel!],
    });
    await dataSource.initialize();
    try {
      const oldSchema = await schemaSnapshot(dataSource, 'routing');
      expect(oldSchema.constraints).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ table_name: 'agent', conname: 'agent_presence_ck' }),
          expect.objectContaining({ conname: 'agent_capacity_ck', definition: 'CHECK ((capacity >= 0))' }),
        ]),
      );
      // Agents of the first conversation, each with a capacity of their own.
      await dataSource.query(
        `INSERT INTO agent (id, presence, capacity) VALUES ('agent-a', 'available', 4), ('agent-b', 'away', 6)`,
      );

      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'RoutingModel1796342400000',
      ]);
      const newSchema = await schemaSnapshot(dataSource, 'routing');
      const agentColumns = newSchema.columns.filter((column) => column.table_name === 'agent');
      expect(agentColumns.map((column) => [column.column_name, column.is_nullable])).toEqual([
        ['id', 'NO'],
        ['presence', 'NO'],
        ['universal_capacity', 'YES'],
        ['last_assigned_at', 'YES'],
        ['updated_at', 'NO'],
        ['last_seen_at', 'YES'],
      ]);
      const names = (rows: Array<Record<string, unknown>>, key: string) => rows.map((row) => row[key]);
      expect(names(newSchema.constraints, 'conname')).toEqual(
        expect.arrayContaining([
          'agent_presence_fk',
          'queue_fallback_active_ck',
          'queue_offer_timeout_presence_fk',
        ]),
      );
      expect(names(newSchema.constraints, 'conname')).not.toContain('agent_presence_ck');
      // Their capacity becomes the channel's default; the first queue takes what no other matches.
      expect(await dataSource.query(`SELECT id, universal_capacity FROM agent ORDER BY id`)).toEqual([
        { id: 'agent-a', universal_capacity: null },
        { id: 'agent-b', universal_capacity: null },
      ]);
      expect(await dataSource.query(`SELECT name, default_capacity, item_size FROM channel`)).toEqual([
        { name: 'sms', default_capacity: null, item_size: 1 },
      ]);
      expect(
        await dataSource.query(`SELECT name, receives_work, built_in FROM presence_state ORDER BY name`),
      ).toEqual([
        { name: 'available', receives_work: true, built_in: true },
        { name: 'away', receives_work: false, built_in: true },
        { name: 'offline', receives_work: false, built_in: true },
      ]);
      expect(await dataSource.query(`SELECT id, fallback, position FROM queue`)).toEqual([
        { id: DEFAULT_QUEUE_ID, fallback: true, position: 1000000 },
      ]);

      // What only the new model can hold: a custom presence (an agent in it, a queue naming it),
      // own and universal capacities, a queue with a condition.
      await dataSource.query(`INSERT INTO presence_state (name, receives_work) VALUES ('lunch', false)`);
      await dataSource.query(`INSERT INTO agent (id, presence) VALUES ('agent-c', 'lunch')`);
      await dataSource.query(`UPDATE agent SET universal_capacity = 7 WHERE id = 'agent-a'`);
      await dataSource.query(
        `INSERT INTO agent_channel_capacity (agent_id, channel, capacity) VALUES ('agent-b', 'sms', 5)`,
      );
      await dataSource.query(
        `INSERT INTO queue (id, name, position, condition, offer_timeout_presence)
         VALUES ('01970000-0000-7000-8000-00000000c002', 'Lunch queue', 1, '{"field":"reopened","op":"eq","value":true}', 'lunch')`,
      );

      await dataSource.undoLastMigration();
      expect(await schemaSnapshot(dataSource, 'routing')).toEqual(oldSchema);
      // Each agent keeps the capacity that bound them on sms (else 4), and a known presence.
      expect(await dataSource.query(`SELECT id, presence, capacity FROM agent ORDER BY id`)).toEqual([
        { id: 'agent-a', presence: 'available', capacity: 7 },
        { id: 'agent-b', presence: 'away', capacity: 5 },
        { id: 'agent-c', presence: 'away', capacity: 4 },
      ]);
      expect(await dataSource.query(`SELECT id, name, position FROM queue ORDER BY position`)).toEqual([
        { id: DEFAULT_QUEUE_ID, name: 'SMS support', position: 0 },
        { id: '01970000-0000-7000-8000-00000000c002', name: 'Lunch queue', position: 1 },
      ]);

      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'RoutingModel1796342400000',
      ]);
      expect(await schemaSnapshot(dataSource, 'routing')).toEqual(newSchema);
    } finally {
      await dataSource.destroy();
    }
    // The migrations after it apply on top.
    expect(await runMigrations(routingService, env)).toEqual(['WorkItemsByInteraction1796428800000']);
  });

  it('work items by interaction: an index on interaction_id, and nothing else; reverts exactly', async () => {
    const env = { ...environment.env, LOG_LEVEL: 'silent' };
    expect(await runMigrations(routingService, env)).toEqual([]);
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: routingService.schema,
      poolSize: 2,
      applicationName: 'routing-migrations-test',
      migrations: routingService.migrations,
    });
    await dataSource.initialize();
    try {
      const applied = await schemaSnapshot(dataSource, 'routing');
      expect(applied.indexes).toContainEqual(
        expect.objectContaining({ tablename: 'work_item', indexname: 'work_item_interaction_idx' }),
      );
      await dataSource.undoLastMigration();
      const reverted = await schemaSnapshot(dataSource, 'routing');
      expect(reverted).toEqual({
        ...applied,
        indexes: applied.indexes.filter((index) => index.indexname !== 'work_item_interaction_idx'),
      });
      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'WorkItemsByInteraction1796428800000',
      ]);
      expect(await schemaSnapshot(dataSource, 'routing')).toEqual(applied);
    } finally {
      await dataSource.destroy();
    }
  });
});
