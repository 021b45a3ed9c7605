// The timer migration applies, reverts to exactly the schema before it, and applies again.
import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment, schemaSnapshot } from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { timerService } from '../src/timer.service';

describe('timer migrations', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment?.dispose();
  });

  /** Applies every migration before `name`, then checks `name` applies, reverts exactly and applies again. */
  async function roundTrip(name: string, check: (dataSource: DataSource) => Promise<void>) {
    const env = { ...environment.env, LOG_LEVEL: 'silent' };
    const index = timerService.migrations.findIndex((migration) => new migration().name === name);
    const before = timerService.migrations.slice(0, index);
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: timerService.schema,
      poolSize: 2,
      applicationName: 'timer-migrations-test',
      migrations: timerService.migrations.slice(0, index + 1),
    });
    await runMigrations({ ...timerService, migrations: before }, env);
    await dataSource.initialize();
    try {
      const oldSchema = await schemaSnapshot(dataSource, 'timer');
      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([name]);
      const newSchema = await schemaSnapshot(dataSource, 'timer');
      await check(dataSource);
      await dataSource.undoLastMigration();
      expect(await schemaSnapshot(dataSource, 'timer')).toEqual(oldSchema);
      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([name]);
      expect(await schemaSnapshot(dataSource, 'timer')).toEqual(newSchema);
    } finally {
      await dataSource.destroy();
    }
  }

  it('the timers: apply, revert exactly, and apply again', async () => {
    await roundTrip('Timers1796083200000', async (dataSource) => {
      const newSchema = await schemaSnapshot(dataSource, 'timer');
      expect(
        newSchema.columns
          .filter((column) => column.table_name === 'timer')
          .map((column) => [column.column_name, column.is_nullable]),
      ).toEqual([
        ['id', 'NO'],
        ['interaction_id', 'NO'],
        ['action_id', 'NO'],
        ['due_at', 'NO'],
        ['armed_by_message_id', 'NO'],
        ['state', 'NO'],
        ['fired_at', 'YES'],
        ['disarmed_at', 'YES'],
        ['created_at', 'NO'],
      ]);
      expect(newSchema.indexes.map((index) => [index.indexname, index.indexdef])).toEqual(
        expect.arrayContaining([
          ['timer_due_ix', expect.stringContaining(`(due_at) WHERE (state = 'armed'::text)`)],
          [
            'timer_armed_action_ux',
            expect.stringMatching(
              /^CREATE UNIQUE INDEX .*\(interaction_id, action_id\) WHERE \(state = 'armed'::text\)$/,
            ),
          ],
        ]),
      );
    });
  });

  it('the messaging actions: apply with the M7 defaults, revert exactly, and apply again', async () => {
    await roundTrip('MessagingActions1796515200000', async (dataSource) => {
      const tables = (await schemaSnapshot(dataSource, 'timer')).columns.map((column) => column.table_name);
      expect(tables).toEqual(expect.arrayContaining(['timer', 'messaging_action', 'conversation_watch']));
      // SPEC M7: remind the agent after 30 minutes without a reply; abandon after 2 days of silence.
      expect(
        await dataSource.query(
          `SELECT name, active, event, duration_seconds, condition, action, built_in
             FROM messaging_action ORDER BY duration_seconds`,
        ),
      ).toEqual([
        {
          name: 'Remind the agent',
          active: true,
          event: 'requester_message_without_agent_response',
          duration_seconds: 1800,
          condition: { field: 'assigned', op: 'eq', value: true },
          action: { kind: 'prompt_agent', text: expect.stringContaining('30 minutes') },
          built_in: true,
        },
        {
          name: 'Close abandoned conversations',
          active: true,
          event: 'agent_message_without_requester_response',
          duration_seconds: 172800,
          condition: null,
          action: { kind: 'set_state', state: 'closed_abandoned' },
          built_in: true,
        },
      ]);
    });
    expect(await runMigrations(timerService, { ...environment.env, LOG_LEVEL: 'silent' })).toEqual([]);
  });
});
