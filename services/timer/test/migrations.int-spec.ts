// The timer migration applies, reverts to exactly the schema before it, and applies again.
import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { timerService } from '../src/timer.service';

/** Everything about the timer schema a migration changes: tables, columns, constraints, indexes. */
async function schemaOf(dataSource: DataSource) {
  const query = (sql: string) => dataSource.query<Array<Record<string, unknown>>>(sql);
  return {
    columns: await query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'timer' ORDER BY table_name, ordinal_position`,
    ),
    constraints: await query(
      `SELECT t.relname AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'timer' ORDER BY 1, 2`,
    ),
    indexes: await query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'timer' ORDER BY 1, 2`,
    ),
  };
}

describe('timer migrations', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment?.dispose();
  });

  it('the timers: apply, revert exactly, and apply again', async () => {
    const env = { ...environment.env, LOG_LEVEL: 'silent' };
    const [timers] = timerService.migrations.slice(-1);
    const before = timerService.migrations.slice(0, -1);
    expect(await runMigrations({ ...timerService, migrations: before }, env)).toEqual([
      'PlatformTables1764028800000',
    ]);
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: timerService.schema,
      poolSize: 2,
      applicationName: 'timer-migrations-test',
      migrations: [...before, timers!],
    });
    await dataSource.initialize();
    try {
      const oldSchema = await schemaOf(dataSource);
      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'Timers1796083200000',
      ]);
      const newSchema = await schemaOf(dataSource);
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

      await dataSource.undoLastMigration();
      expect(await schemaOf(dataSource)).toEqual(oldSchema);

      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
        'Timers1796083200000',
      ]);
      expect(await schemaOf(dataSource)).toEqual(newSchema);
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(timerService, env)).toEqual([]);
  });
});
