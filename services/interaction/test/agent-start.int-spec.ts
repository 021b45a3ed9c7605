import { createEnvelope, queries, type RequestOf } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { StartAgentConversationUseCase } from '../src/app/start-agent-conversation.use-case';
import { RequesterOptOuts } from '../src/app/requester-opt-outs';
import { TranscriptWriter } from '../src/app/transcript-writer';
import { START_WARNINGS } from '../src/domain/agent-start';
import { interactionService } from '../src/interaction.service';

type StartRequest = RequestOf<typeof queries.startAgentConversation>;

const COMPANY = '+15550100001';
const ADA = '01970000-0000-7000-8000-00000000b001';
const GRACE = '01970000-0000-7000-8000-00000000b002';
const GUEST = '01970000-0000-7000-8000-000000000001';
const ALICE = '01970000-0000-7000-8000-00000000a001';
const BOB = '01970000-0000-7000-8000-00000000a002';
let phone = 5557100000;

function nextPhone(): string {
  return `+1${++phone}`;
}

function startRequest(requesterAddress: string, overrides: Partial<StartRequest> = {}): StartRequest {
  return {
    agentId: ALICE,
    companyAddress: COMPANY,
    requesterAddress,
    intendedUserId: null,
    messageId: uuidv7(),
    body: 'Hello from Threadline',
    requesterUserId: ADA,
    profileId: null,
    acknowledged: false,
    ...overrides,
  };
}

describe('interaction: agent-initiated conversations (SPEC A1–A4), two replicas on one schema', () => {
  let environment: IsolatedEnvironment;
  let replicas: RunningService[] = [];
  let tap: MessageTap;

  const db = () => replicas[0]!.runtime.dataSource;
  const ask = (request: StartRequest, replica = 0) =>
    replicas[replica]!.runtime.ask(queries.startAgentConversation, request);

  async function interactionsOf(requesterAddress: string) {
    return db().query<
      Array<{
        id: string;
        state: string;
        assignee_id: string | null;
        requester_user_id: string;
        participant_ids: string[];
      }>
    >(
      `SELECT id, state, assignee_id, requester_user_id, participant_ids FROM interaction
        WHERE requester_address = $1 AND company_address = $2 ORDER BY created_at, id`,
      [requesterAddress, COMPANY],
    );
  }

  /** Everything written about a phone pair: its interactions, their messages, their outbox events. */
  async function footprint(requesterAddress: string): Promise<unknown> {
    const [counts] = await db().query<Array<{ messages: number; events: number }>>(
      `SELECT (SELECT count(*)::int FROM message m JOIN interaction i ON i.id = m.interaction_id
                WHERE i.requester_address = $1) AS messages,
              (SELECT count(*)::int FROM outbox o
                WHERE o.payload->>'correlationId' IN (SELECT id::text FROM interaction WHERE requester_address = $1)) AS events`,
      [requesterAddress],
    );
    return { interactions: await interactionsOf(requesterAddress), ...counts };
  }

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // Started together: they also take turns on migrations and provisioning.
    replicas = await Promise.all([
      bootService(interactionService, environment),
      bootService(interactionService, environment),
    ]);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'interaction.conversation.created.v1',
      'interaction.conversation.state-changed.v1',
      'interaction.message.appended.v1',
      'routing.workitem.enqueue.v1',
      'sms.outbound.send.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await environment?.dispose();
  });

  it('A1: opens an interaction assigned to the agent, sends the message, and routing records it as theirs', async () => {
    const requester = nextPhone();
    const request = startRequest(requester);
    const answer = await ask(request);
    expect(answer).toMatchObject({ rule: 'A1', messageId: request.messageId, closedInteractionId: null });
    expect(answer.stateChanges.map((change) => change.data)).toEqual([
      {
        interactionId: answer.interactionId,
        from: 'new',
        to: 'work_in_progress',
        assigneeId: ALICE,
        cause: 'agent_initiated',
        actor: { kind: 'agent', id: ALICE },
      },
    ]);
    expect(await interactionsOf(requester)).toEqual([
      expect.objectContaining({ id: answer.interactionId, state: 'work_in_progress', assignee_id: ALICE }),
    ]);
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.interactionId === answer.interactionId,
    );
    expect(created!.data).toMatchObject({
      initiatedBy: 'agent',
      requesterUserId: ADA,
      requesterAddress: requester,
    });
    const [send] = await tap.waitFor(
      'sms.outbound.send.v1',
      (event) => event.data.outboundId === request.messageId,
    );
    expect(send!.data).toEqual({
      outboundId: request.messageId,
      from: COMPANY,
      to: requester,
      body: request.body,
      interactionId: answer.interactionId,
    });
    const [enqueued] = await tap.waitFor(
      'routing.workitem.enqueue.v1',
      (event) => event.data.interactionId === answer.interactionId,
    );
    expect(enqueued!.data.assignedTo).toBe(ALICE);
  });

  it('A2: a second agent joins the pair’s conversation; the assignee stays, the agent becomes a participant', async () => {
    const requester = nextPhone();
    const first = await ask(startRequest(requester));
    const plan = await replicas[1]!.runtime.ask(queries.planAgentStart, {
      agentId: BOB,
      companyAddress: COMPANY,
      requesterAddress: requester,
      intendedUserId: ADA,
    });
    expect(plan).toEqual({
      rule: 'A2',
      warning: null,
      optedOut: null,
      active: {
        interactionId: first.interactionId,
        state: 'work_in_progress',
        assigneeId: ALICE,
        requesterUserId: ADA,
        handledBy: 'agents',
      },
    });
    const request = startRequest(requester, { agentId: BOB, intendedUserId: ADA, body: 'Bob here' });
    expect(await ask(request, 1)).toEqual({
      rule: 'A2',
      interactionId: first.interactionId,
      messageId: request.messageId,
      closedInteractionId: null,
      stateChanges: [],
    });
    expect(await interactionsOf(requester)).toEqual([
      expect.objectContaining({ assignee_id: ALICE, state: 'work_in_progress', participant_ids: [BOB] }),
    ]);
    await tap.waitFor('sms.outbound.send.v1', (event) => event.data.outboundId === request.messageId);
  });

  it('A4: refuses without acknowledgement and writes nothing; acknowledged, closes it and opens one for the intended user', async () => {
    const requester = nextPhone();
    const first = await ask(startRequest(requester, { requesterUserId: ADA }));
    const before = await footprint(requester);

    const unacknowledged = startRequest(requester, {
      agentId: BOB,
      intendedUserId: GRACE,
      requesterUserId: GRACE,
    });
    await expect(ask(unacknowledged, 1)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      status: 409,
      details: { rule: 'A4', warning: START_WARNINGS.A4, activeInteractionId: first.interactionId },
    });
    expect(await footprint(requester)).toEqual(before);

    const profileId = uuidv7();
    const acknowledged = { ...unacknowledged, messageId: uuidv7(), profileId, acknowledged: true };
    const answer = await ask(acknowledged, 1);
    expect(answer).toMatchObject({ rule: 'A4', closedInteractionId: first.interactionId });
    expect(answer.stateChanges.map((change) => change.data)).toEqual([
      expect.objectContaining({
        interactionId: first.interactionId,
        to: 'closed_complete',
        cause: 'system_ended',
      }),
      expect.objectContaining({
        interactionId: answer.interactionId,
        to: 'work_in_progress',
        assigneeId: BOB,
      }),
    ]);
    expect(await interactionsOf(requester)).toEqual([
      expect.objectContaining({ id: first.interactionId, state: 'closed_complete' }),
      expect.objectContaining({
        id: answer.interactionId,
        state: 'work_in_progress',
        assignee_id: BOB,
        requester_user_id: GRACE,
      }),
    ]);
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.interactionId === answer.interactionId,
    );
    expect(created!.data).toMatchObject({ requesterUserId: GRACE, profileId });
  });

  it('A3: the virtual agent’s conversation is closed and a new one assigned to the agent, once acknowledged', async () => {
    const requester = nextPhone();
    const inbound = createEnvelope('profile.requester.resolved.v1', {
      profileId: uuidv7(),
      address: requester,
      userId: null,
      requesterUserId: GUEST,
      identityConflict: false,
      message: inboundSms({ from: requester, to: COMPANY, body: 'hi bot' }),
    });
    await tap.publish(inbound);
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === requester,
    );
    const vaInteraction = created!.data.interactionId;
    // The virtual agent is being built elsewhere: this is the mark it leaves on its conversations.
    await db().query(`UPDATE interaction SET handled_by = 'virtual_agent' WHERE id = $1`, [vaInteraction]);

    const request = startRequest(requester, { requesterUserId: GUEST });
    await expect(ask(request)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      details: { rule: 'A3', warning: START_WARNINGS.A3, activeInteractionId: vaInteraction },
    });
    const answer = await ask({ ...request, acknowledged: true });
    expect(answer).toMatchObject({ rule: 'A3', closedInteractionId: vaInteraction });
    expect(await interactionsOf(requester)).toEqual([
      expect.objectContaining({ id: vaInteraction, state: 'closed_complete' }),
      expect.objectContaining({ id: answer.interactionId, state: 'work_in_progress', assignee_id: ALICE }),
    ]);
  });

  it('answers a retry with the same message id as the first time, and sends once', async () => {
    const requester = nextPhone();
    const request = startRequest(requester);
    const first = await ask(request, 0);
    const again = await ask(request, 1);
    expect(again).toEqual({ ...first, stateChanges: [] });
    expect(await interactionsOf(requester)).toHaveLength(1);
    const [sends] = await db().query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = 'sms.outbound.send.v1' AND payload->'data'->>'outboundId' = $1`,
      [request.messageId],
    );
    expect(sends).toEqual({ n: 1 });
  });

  it('S4: a first message over SMS_MAX_SEGMENTS is refused with MESSAGE_TOO_MANY_SEGMENTS (422), and nothing is started or sent', async () => {
    const requester = nextPhone();
    const request = startRequest(requester, { body: `${'Ж'.repeat(670)}!` });
    await expect(ask(request)).rejects.toMatchObject({
      code: 'MESSAGE_TOO_MANY_SEGMENTS',
      status: 422,
      details: { segments: 11, limit: 10, encoding: 'UCS-2' },
    });
    expect(await interactionsOf(requester)).toHaveLength(0);
  });

  it('A1 racing A1: two agents start the same new pair at once, one on each replica: one interaction, one A1 and one A2', async () => {
    // Each replica's own use case on its own connection pool, so the two transactions really
    // overlap; ten pairs at once, so that some of them meet inside the insert.
    const [onFirst, onSecond] = replicas.map(
      (replica) =>
        new StartAgentConversationUseCase(
          replica.runtime.dataSource,
          replica.runtime.outbox,
          new TranscriptWriter(replica.runtime.outbox, new RequesterOptOuts(replica.runtime.outbox)),
          10,
          new RequesterOptOuts(replica.runtime.outbox),
        ),
    );
    const pairs = Array.from({ length: 10 }, () => {
      const requester = nextPhone();
      return { requester, requests: [startRequest(requester), startRequest(requester, { agentId: BOB })] };
    });
    const outcomes = await Promise.all(
      pairs.map(async ({ requests }) =>
        Promise.all([onFirst!.start(requests[0]!), onSecond!.start(requests[1]!)]),
      ),
    );

    for (const [n, answers] of outcomes.entries()) {
      const { requester, requests } = pairs[n]!;
      expect(answers.map((answer) => answer.rule).sort()).toEqual(['A1', 'A2']);
      expect(new Set(answers.map((answer) => answer.interactionId)).size).toBe(1);
      const winner = answers.findIndex((answer) => answer.rule === 'A1');
      expect(await interactionsOf(requester)).toEqual([
        expect.objectContaining({
          id: answers[0].interactionId,
          state: 'work_in_progress',
          assignee_id: requests[winner]!.agentId,
          participant_ids: [requests[1 - winner]!.agentId],
        }),
      ]);
      const messages = await db().query<Array<{ id: string }>>(
        `SELECT id FROM message WHERE interaction_id = $1`,
        [answers[0].interactionId],
      );
      expect(messages.map((message) => message.id).sort()).toEqual(requests.map((r) => r.messageId).sort());
    }
  });

  it('A1 racing A1 through the queue group: eight agents at once make one active interaction', async () => {
    const requester = nextPhone();
    const requests = Array.from({ length: 8 }, (_, n) =>
      startRequest(requester, { agentId: `01970000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}` }),
    );
    const answers = await Promise.all(requests.map((request, n) => ask(request, n % 2)));
    expect(answers.filter((answer) => answer.rule === 'A1')).toHaveLength(1);
    expect(answers.filter((answer) => answer.rule === 'A2')).toHaveLength(7);
    const interactions = await interactionsOf(requester);
    expect(interactions).toHaveLength(1);
    expect(interactions[0]!.participant_ids).toHaveLength(7);
  });
});
