import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { interactionService } from '../src/interaction.service';

describe('interaction migrations', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment?.dispose();
  });

  it('VirtualAgentAndVisibility applies, reverts exactly, and applies again', async () => {
    const env = { ...environment.env, LOG_LEVEL: 'silent' };
    expect(await runMigrations(interactionService, env)).toContain('VirtualAgentAndVisibility1796256000000');
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: interactionService.schema,
      poolSize: 2,
      applicationName: 'interaction-migrations-test',
      migrations: interactionService.migrations,
    });
    await dataSource.initialize();
    const shape = async () => ({
      columns: await dataSource.query<Array<{ table_name: string; column_name: string }>>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'interaction' AND table_name IN ('interaction', 'message')
          ORDER BY table_name, ordinal_position`,
      ),
      constraints: await dataSource.query<Array<{ conname: string }>>(
        `SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
          WHERE n.nspname = 'interaction' ORDER BY conname`,
      ),
    });
    // The migrations after it go first (each is reverted by its own test below).
    const later = interactionService.migrations
      .slice(
        interactionService.migrations.findIndex((m) => m.name === 'VirtualAgentAndVisibility1796256000000') +
          1,
      )
      .map((m) => m.name);
    try {
      for (const _ of later) await dataSource.undoLastMigration();
      const applied = await shape();
      const added = ['handled_by', 'va_state', 'va_turns', 'va_handoff_reason', 'visibility'];
      expect(applied.columns.map((c) => c.column_name)).toEqual(expect.arrayContaining(added));
      await dataSource.undoLastMigration();
      const reverted = await shape();
      expect(reverted.columns).toEqual(applied.columns.filter((c) => !added.includes(c.column_name)));
      expect(reverted.constraints).toEqual(
        applied.constraints.filter(
          (c) =>
            ![
              'interaction_handled_by_ck',
              'interaction_va_turns_ck',
              'interaction_va_handoff_reason_ck',
              'message_visibility_ck',
            ].includes(c.conname),
        ),
      );
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(interactionService, env)).toEqual([
      'VirtualAgentAndVisibility1796256000000',
      ...later,
    ]);
  });

  /** The migrations listed after `name`: a test of `name` takes them back first. */
  const after = (name: string) =>
    interactionService.migrations
      .slice(interactionService.migrations.findIndex((m) => m.name === name) + 1)
      .map((m) => m.name);

  async function migratedDataSource() {
    await runMigrations(interactionService, { ...environment.env, LOG_LEVEL: 'silent' });
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: interactionService.schema,
      poolSize: 2,
      applicationName: 'interaction-migrations-test',
      migrations: interactionService.migrations,
    });
    await dataSource.initialize();
    return dataSource;
  }

  it('S2: RequesterOptOut applies, reverts exactly, and applies again', async () => {
    const dataSource = await migratedDataSource();
    const tables = async () =>
      (
        await dataSource.query<Array<{ table_name: string }>>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'interaction' ORDER BY 1`,
        )
      ).map((row) => row.table_name);
    const later = after('RequesterOptOut1796601600000');
    try {
      for (const _ of later) await dataSource.undoLastMigration();
      const applied = await tables();
      expect(applied).toContain('requester_opt_out');
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(applied.filter((name) => name !== 'requester_opt_out'));
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(interactionService, { ...environment.env, LOG_LEVEL: 'silent' })).toEqual([
      'RequesterOptOut1796601600000',
      ...later,
    ]);
  });

  it('S3: DeliveryFailureReason applies, reverts exactly, and applies again', async () => {
    const dataSource = await migratedDataSource();
    const columns = async () =>
      (
        await dataSource.query<Array<{ column_name: string }>>(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'interaction' AND table_name = 'message' ORDER BY ordinal_position`,
        )
      ).map((row) => row.column_name);
    const later = after('DeliveryFailureReason1796688000001');
    try {
      for (const _ of later) await dataSource.undoLastMigration();
      const applied = await columns();
      expect(applied).toContain('delivery_failure_reason');
      await dataSource.undoLastMigration();
      expect(await columns()).toEqual(applied.filter((name) => name !== 'delivery_failure_reason'));
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(interactionService, { ...environment.env, LOG_LEVEL: 'silent' })).toEqual([
      'DeliveryFailureReason1796688000001',
      ...later,
    ]);
  });
});
