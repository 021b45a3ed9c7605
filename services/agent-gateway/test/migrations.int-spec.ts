import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import { agentGatewayService } from '../src/agent-gateway.service';

const SUPERVISION_COLUMNS = [
  'work_item_id',
  'queue_state',
  'queue_state_event_id',
  'queue_id',
  'queue_name',
  'queue_priority',
  'queued_at',
  'enqueued_at',
  'queue_event_id',
  'offered_agent_id',
  'offered_at',
  'offered_event_id',
  'closed_at',
  'closed_cause',
  'closed_by_kind',
  'closed_by_id',
  'closure_event_id',
  'participant_ids',
  'awaiting_reply_since',
];
const SEARCH_INDEXES = [
  'conversation_view_participants_idx',
  'conversation_view_waiting_idx',
  'conversation_view_ongoing_idx',
  'message_view_body_search_idx',
  'conversation_view_created_idx',
  'conversation_view_phone_pair_idx',
  'conversation_view_requester_user_idx',
];

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
      'OutboxPendingIndex1764028800001',
      'AgentAccounts1764806400000',
      'ReadModels1764806400001',
      'ConversationRequester1765065600000',
      'ConversationSupervision1765324800000',
      'TranscriptSearch1765324800001',
      'OfferWithdrawn1765411200000',
      'AgentCompanyNumbers1796256000000',
      'MessageVisibility1796256000001',
      'OfferTakenBack1796342400000',
      'OfferAcceptedEvent1796428800000',
      'AgentPrompts1796515200000',
      'RequesterOptOutView1796601600001',
      'MessageFailureReason1796688000002',
      'MessageMediaAndUploads1796947200000',
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
    const indexes = async () =>
      (
        await dataSource.query<Array<{ indexname: string }>>(
          `SELECT indexname FROM pg_indexes WHERE schemaname = 'agent_gateway' ORDER BY 1`,
        )
      ).map((row) => row.indexname);
    const offerStates = async () =>
      (
        await dataSource.query<Array<{ definition: string }>>(
          `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'offer_view_state_ck'`,
        )
      )[0]?.definition;
    try {
      // S5: media on transcript lines and the agents' uploads; the revert drops exactly those.
      const withMedia = await tables();
      expect(withMedia).toContain('media_upload');
      expect(await columnsOf('media_upload')).toEqual([
        'media_id',
        'agent_id',
        'storage_key',
        'content_type',
        'size',
        'uploaded_at',
      ]);
      const messageColumnsWithMedia = await columnsOf('message_view');
      expect(messageColumnsWithMedia.at(-1)).toBe('media');
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(withMedia.filter((table) => table !== 'media_upload'));
      expect(await columnsOf('message_view')).toEqual(messageColumnsWithMedia.slice(0, -1));

      // S3: a message's stable failure reason; the revert drops exactly that column.
      const withFailureReason = await columnsOf('message_view');
      expect(withFailureReason).toContain('failure_reason');
      await dataSource.undoLastMigration();
      expect(await columnsOf('message_view')).toEqual(
        withFailureReason.filter((column) => column !== 'failure_reason'),
      );

      // S2: the opt-outs of phone pairs; the revert drops exactly that table.
      const withOptOuts = await tables();
      expect(withOptOuts).toContain('requester_opt_out_view');
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(withOptOuts.filter((table) => table !== 'requester_opt_out_view'));

      // M5: the agents' prompts; the revert drops exactly that table.
      const withPrompts = await tables();
      expect(withPrompts).toContain('agent_prompt');
      expect(await columnsOf('agent_prompt')).toEqual([
        'id',
        'agent_id',
        'interaction_id',
        'action_id',
        'action_name',
        'text',
        'deadline',
        'created_at',
        'dismissed_at',
      ]);
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(withPrompts.filter((table) => table !== 'agent_prompt'));

      // W9/W10: an offer row remembers the assignment that accepted it; the revert drops exactly that.
      const offerColumns = await columnsOf('offer_view');
      expect(offerColumns).toContain('accepted_event_id');
      await dataSource.undoLastMigration();
      expect(await columnsOf('offer_view')).toEqual(
        offerColumns.filter((column) => column !== 'accepted_event_id'),
      );

      // W6/W9: a taken-back offer is a state of its own; the revert makes such rows pending again.
      expect(await offerStates()).toContain('taken_back');
      await dataSource.undoLastMigration();
      expect(await offerStates()).not.toContain('taken_back');
      expect(await offerStates()).toContain('withdrawn');

      // S1: each transcript line's visibility, and the revert drops exactly that column.
      const messageColumns = await columnsOf('message_view');
      expect(messageColumns).toContain('visibility');
      await dataSource.undoLastMigration();
      expect(await columnsOf('message_view')).toEqual(
        messageColumns.filter((column) => column !== 'visibility'),
      );

      // The company numbers each agent may start conversations from (SPEC A1–A4).
      const withNumbers = await tables();
      expect(withNumbers).toContain('agent_company_number');
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual(withNumbers.filter((table) => table !== 'agent_company_number'));

      // A withdrawn offer (its conversation ended first) is a state of its own, and reverts exactly.
      expect(await offerStates()).toContain('withdrawn');
      await dataSource.undoLastMigration();
      expect(await offerStates()).not.toContain('withdrawn');
      expect(await offerStates()).toContain('accepted');

      // I4/I5: ConversationSupervision and TranscriptSearch revert to exactly what was there before.
      const withSearch = { columns: await columns(), indexes: await indexes() };
      expect(withSearch.columns).toEqual(
        expect.arrayContaining(['queue_state', 'closed_at', 'participant_ids', 'awaiting_reply_since']),
      );
      expect(withSearch.indexes).toEqual(
        expect.arrayContaining(['message_view_body_search_idx', 'conversation_view_participants_idx']),
      );
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      expect(await columns()).toEqual(
        withSearch.columns.filter((column) => SUPERVISION_COLUMNS.includes(column) === false),
      );
      expect(await indexes()).toEqual(withSearch.indexes.filter((index) => !SEARCH_INDEXES.includes(index)));

      // Rows projected before: their participants and their wait come from what is stored.
      const [waiting, answered, agent] = [
        '01970000-0000-7000-8000-0000000000c1',
        '01970000-0000-7000-8000-0000000000c2',
        '01970000-0000-7000-8000-00000000a001',
      ];
      await dataSource.query(
        `INSERT INTO conversation_view (interaction_id, assignee_id, state) VALUES
           ($1, $3, 'work_in_progress'), ($2, NULL, 'closed_complete')`,
        [waiting, answered, agent],
      );
      await dataSource.query(
        `INSERT INTO message_view (message_id, interaction_id, direction, author_kind, author_id, body, occurred_at) VALUES
           (gen_random_uuid(), $1, 'inbound', 'requester', NULL, 'hello', '2025-01-01T10:00:00Z'),
           (gen_random_uuid(), $1, 'inbound', 'requester', NULL, 'anyone?', '2025-01-01T10:01:00Z'),
           (gen_random_uuid(), $2, 'inbound', 'requester', NULL, 'hi', '2025-01-01T10:00:00Z'),
           (gen_random_uuid(), $2, 'outbound', 'agent', $3, 'hello', '2025-01-01T10:02:00Z'),
           (gen_random_uuid(), $2, 'outbound', 'agent', '01970000-0000-7000-8000-00000000a002', 'and me', '2025-01-01T10:03:00Z')`,
        [waiting, answered, agent],
      );
      // W9/W10: an offer accepted before takes its offer's id as the acceptance; a pending one none.
      const [acceptedOffer, pendingOffer] = [
        '01970000-0000-7000-8000-0000000000e1',
        '01970000-0000-7000-8000-0000000000e2',
      ];
      await dataSource.query(
        `INSERT INTO offer_view (work_item_id, interaction_id, agent_id, offered_at, expires_at, state, offer_event_id) VALUES
           (gen_random_uuid(), $1, $3, now(), now(), 'accepted', $4),
           (gen_random_uuid(), $2, $3, now(), now(), 'pending', $5)`,
        [waiting, answered, agent, acceptedOffer, pendingOffer],
      );
      await dataSource.runMigrations({ transaction: 'each' });
      expect(
        await dataSource.query(`SELECT state, accepted_event_id FROM offer_view ORDER BY interaction_id`),
      ).toEqual([
        { state: 'accepted', accepted_event_id: acceptedOffer },
        { state: 'pending', accepted_event_id: null },
      ]);
      expect(
        await dataSource.query(
          `SELECT interaction_id, participant_ids, awaiting_reply_since FROM conversation_view ORDER BY 1`,
        ),
      ).toEqual([
        {
          interaction_id: waiting,
          participant_ids: [agent],
          awaiting_reply_since: new Date('2025-01-01T10:00:00Z'),
        },
        {
          interaction_id: answered,
          participant_ids: [agent, '01970000-0000-7000-8000-00000000a002'],
          awaiting_reply_since: null,
        },
      ]);
      // MessageMediaAndUploads, MessageFailureReason, RequesterOptOutView, AgentPrompts, OfferAcceptedEvent,
      // OfferTakenBack, MessageVisibility, AgentCompanyNumbers, OfferWithdrawn, TranscriptSearch and
      // ConversationSupervision again.
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.query(`DELETE FROM message_view`);
      await dataSource.query(`DELETE FROM conversation_view`);
      await dataSource.query(`DELETE FROM offer_view`);

      expect(await tables()).toEqual(
        expect.arrayContaining(['agent_account', 'conversation_view', 'message_view', 'offer_view']),
      );
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
      'ConversationSupervision1765324800000',
      'TranscriptSearch1765324800001',
      'OfferWithdrawn1765411200000',
      'AgentCompanyNumbers1796256000000',
      'MessageVisibility1796256000001',
      'OfferTakenBack1796342400000',
      'OfferAcceptedEvent1796428800000',
      'AgentPrompts1796515200000',
      'RequesterOptOutView1796601600001',
      'MessageFailureReason1796688000002',
      'MessageMediaAndUploads1796947200000',
    ]);
  });
});
