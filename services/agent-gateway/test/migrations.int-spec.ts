import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { agentGatewayService } from '../src/agent-gateway.service';

describe('agent-gateway migrations', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment?.dispose();
  });

  it('apply, revert exactly, and apply again', async () => {
    const env = { ...environment.env, LOG_LEVEL: 'silent' };
    expect(await runMigrations(agentGatewayService, env)).toEqual([
      'PlatformTables1764028800000',
      'AgentAccounts1764806400000',
      'ReadModels1764806400001',
      'ConversationRequester1765065600000',
      'AgentCompanyNumbers1796256000000',
    ]);
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: agentGatewayService.schema,
      poolSize: 2,
      applicationName: 'agent-gateway-migrations-test',
      migrations: agentGatewayService.migrations,
    });
    await dataSource.initialize();
    const tables = async () =>
      (
        await dataSource.query<Array<{ table_name: string }>>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'agent_gateway' ORDER BY 1`,
        )
      ).map((row) => row.table_name);
    const columns = async () =>
      (
        await dataSource.query<Array<{ column_name: string }>>(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'agent_gateway' AND table_name = 'conversation_view' ORDER BY ordinal_position`,
        )
      ).map((row) => row.column_name);
    try {
      expect(await tables()).toEqual(
        expect.arrayContaining([
          'agent_account',
          'agent_company_number',
          'conversation_view',
          'message_view',
          'offer_view',
        ]),
      );
      const withNumbers = await tables();
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(withNumbers.filter((table) => table !== 'agent_company_number'));
      expect(await columns()).toEqual(
        expect.arrayContaining(['profile_id', 'identity_conflict_reason', 'requester_event_id']),
      );
      const before = await columns();
      await dataSource.undoLastMigration();
      expect(await columns()).toEqual(
        before.filter(
          (column) => !['profile_id', 'identity_conflict_reason', 'requester_event_id'].includes(column),
        ),
      );
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(['dead_letter', 'inbox', 'migrations', 'outbox']);
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(agentGatewayService, env)).toEqual([
      'AgentAccounts1764806400000',
      'ReadModels1764806400001',
      'ConversationRequester1765065600000',
      'AgentCompanyNumbers1796256000000',
    ]);
  });
});
