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
      'MessageVisibility1796256000001',
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
    const columnsOf = async (table: string) =>
      (
        await dataSource.query<Array<{ column_name: string }>>(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'agent_gateway' AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        )
      ).map((row) => row.column_name);
    const columns = () => columnsOf('conversation_view');
    try {
      expect(await tables()).toEqual(
        expect.arrayContaining(['agent_account', 'conversation_view', 'message_view', 'offer_view']),
      );
      expect(await columns()).toEqual(
        expect.arrayContaining(['profile_id', 'identity_conflict_reason', 'requester_event_id']),
      );
      const messageColumns = await columnsOf('message_view');
      expect(messageColumns).toContain('visibility');
      await dataSource.undoLastMigration();
      expect(await columnsOf('message_view')).toEqual(
        messageColumns.filter((column) => column !== 'visibility'),
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
      'MessageVisibility1796256000001',
    ]);
  });
});
