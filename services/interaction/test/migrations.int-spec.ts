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
    try {
      const applied = await shape();
      const added = ['handled_by', 'va_state', 'va_turns', 'va_handoff_reason', 'visibility'];
      expect(applied.columns.map((c) => c.column_name)).toEqual(expect.arrayContaining(added));
      // The last migration adds only message.delivery_failure_reason (S3).
      expect(applied.columns.map((c) => c.column_name)).toContain('delivery_failure_reason');
      await dataSource.undoLastMigration();
      const withoutReason = await shape();
      expect(withoutReason.columns).toEqual(
        applied.columns.filter((c) => c.column_name !== 'delivery_failure_reason'),
      );
      await dataSource.undoLastMigration();
      const reverted = await shape();
      expect(reverted.columns).toEqual(withoutReason.columns.filter((c) => !added.includes(c.column_name)));
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
      'DeliveryFailureReason1796688000001',
    ]);
  });
});
