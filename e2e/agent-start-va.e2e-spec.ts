// SPEC A3 through the running system: a requester is talking to Billing's virtual agent when an
// agent starts an SMS to them. The agent is warned first; unconfirmed, nothing changes; confirmed,
// the virtual agent's conversation is closed and a new one, the agent's, takes its place, and the
// requester's next message goes to the agent (R2).
import { readFileSync } from 'node:fs';
import {
  AgentClient,
  createIsolatedEnvironment,
  DEMO_COMPANY_NUMBERS_FILE,
  eventually,
  type IsolatedEnvironment,
  ProviderSimulatorClient,
  resolveTestServers,
  type RunningSystem,
  startSystem,
} from '@threadline/testkit';
import { Client } from 'pg';

const SUPPORT = '+15550100001';
const BILLING = '+15550100002';
const PASSWORD = 'threadline-demo';
/** A requester no directory user or profile knows. */
const PHONE = '+15557400001';

const va = (
  JSON.parse(readFileSync(DEMO_COMPANY_NUMBERS_FILE, 'utf8')) as {
    numbers: Record<string, { virtualAgent: { greeting: string; topics: Array<{ answer?: string }> } }>;
  }
).numbers[BILLING]!.virtualAgent;

interface Started {
  rule: string;
  interactionId: string;
  messageId: string;
  closedInteractionId: string | null;
}
interface ErrorBody {
  error: { code: string; details?: { rule?: string; warning?: string; activeInteractionId?: string } };
}
interface Conversation {
  interactionId: string;
  state: string | null;
  assigneeId: string | null;
  requesterAddress: string | null;
  companyAddress: string | null;
  unreadCount: number;
}
interface Detail {
  interaction: Conversation;
  messages: Array<{ direction: string; body: string; author: { kind: string; id: string | null } }>;
}

describe('an agent starts an SMS to a requester who is talking to the virtual agent (SPEC A3)', () => {
  let environment: IsolatedEnvironment;
  let system: RunningSystem;
  let simulator: ProviderSimulatorClient;
  let db: Client;
  let bob: AgentClient;
  let maria: AgentClient;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment(await resolveTestServers());
    system = await startSystem(environment);
    simulator = new ProviderSimulatorClient(system.urls.simulator);
    db = new Client({ connectionString: environment.databaseUrl });
    await db.connect();
    const gateway = system.urls['agent-gateway'];
    bob = await AgentClient.login(gateway, 'bob', PASSWORD);
    maria = await AgentClient.login(gateway, 'maria', PASSWORD);
    await bob.connect();
  });

  afterAll(async () => {
    bob?.close();
    await db?.end();
    await system?.stop();
    await environment?.dispose();
  });

  const phone = async () => (await simulator.received(PHONE)).map((message) => message.body);

  async function interactions() {
    const { rows } = await db.query<{
      id: string;
      state: string;
      handled_by: string;
      assignee_id: string | null;
    }>(
      `SELECT id, state, handled_by, assignee_id FROM interaction.interaction
        WHERE requester_address = $1 AND company_address = $2 ORDER BY created_at, id`,
      [PHONE, BILLING],
    );
    return rows;
  }
  async function transcriptOf(interactionId: string) {
    const { rows } = await db.query<{ direction: string; author_kind: string; body: string }>(
      `SELECT direction, author_kind, body FROM interaction.message WHERE interaction_id = $1 ORDER BY occurred_at, id`,
      [interactionId],
    );
    return rows;
  }
  const ongoing = async (agent: AgentClient) =>
    (await agent.expect<{ items: Conversation[] }>(200, 'GET', '/interactions/ongoing')).items;
  const start = (body: Record<string, unknown>) =>
    bob.call<Started & ErrorBody>('POST', '/outbound/conversations', {
      companyAddress: BILLING,
      to: PHONE,
      ...body,
    });

  let vaInteraction: string;
  let warning: string;
  let started: Started;

  it('R1: the requester texts Billing and is talking to the virtual agent', async () => {
    await simulator.sendSms(PHONE, BILLING, 'Hi there');
    await eventually(async () => expect(await phone()).toHaveLength(2));
    expect(await phone()).toContain(va.greeting);
    const rows = await interactions();
    expect(rows).toEqual([expect.objectContaining({ state: 'new', handled_by: 'virtual_agent' })]);
    vaInteraction = rows[0]!.id;
  });

  it('A3: bob may start from Billing; the pre-check names rule A3, warns, and shows the virtual agent’s conversation', async () => {
    expect(await bob.expect(200, 'GET', '/me/company-numbers')).toEqual({
      items: expect.arrayContaining([
        { address: SUPPORT, label: 'Support' },
        { address: BILLING, label: 'Billing' },
      ]),
      default: null,
    });
    const precheck = await bob.expect<{
      rule: string;
      warning: string | null;
      confirmationRequired: boolean;
      requesterAddress: string;
      active: Array<{ interactionId: string; handledBy: string; assigneeId: string | null }>;
    }>(200, 'POST', '/outbound/precheck', { companyAddress: BILLING, to: PHONE });
    expect(precheck).toMatchObject({
      requesterAddress: PHONE,
      rule: 'A3',
      warning: expect.stringContaining('virtual agent'),
      confirmationRequired: true,
      active: [{ interactionId: vaInteraction, handledBy: 'virtual_agent', assigneeId: null }],
    });
    warning = precheck.warning!;
  });

  it('A3: starting without acknowledging the warning is 409 CONFIRMATION_REQUIRED, and nothing changes', async () => {
    const refused = await start({ body: 'Hi, Bob from Billing here.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      details: { rule: 'A3', warning, activeInteractionId: vaInteraction },
    });
    expect(await interactions()).toEqual([
      { id: vaInteraction, state: 'new', handled_by: 'virtual_agent', assignee_id: null },
    ]);
    expect((await transcriptOf(vaInteraction)).filter((m) => m.author_kind === 'agent')).toEqual([]);
    expect(await phone()).not.toContain('Hi, Bob from Billing here.');
    expect(await ongoing(bob)).toEqual([]);

    // The virtual agent still has the conversation: "1" picks the first topic of its menu.
    await simulator.sendSms(PHONE, BILLING, '1');
    await eventually(async () => expect(await phone()).toContain(va.topics[0]!.answer));
    expect(await phone()).toHaveLength(3);
  });

  it('A3: confirmed, the virtual agent’s conversation is closed and a new one is bob’s, in his Ongoing at once; the phone receives his message', async () => {
    const answer = await start({ body: 'Hi, Bob from Billing here.', acknowledgeWarning: true });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ rule: 'A3', closedInteractionId: vaInteraction });
    started = answer.body;
    expect(started.interactionId).not.toBe(vaInteraction);

    // No waiting: the answer means the new conversation shows as bob's.
    expect(await ongoing(bob)).toEqual([
      expect.objectContaining({
        interactionId: started.interactionId,
        state: 'work_in_progress',
        assigneeId: bob.agentId,
        requesterAddress: PHONE,
        companyAddress: BILLING,
      }),
    ]);
    const closed = await maria.expect<Detail>(200, 'GET', `/interactions/${vaInteraction}`);
    expect(closed.interaction).toMatchObject({ state: 'closed_complete', assigneeId: null });
    expect(await interactions()).toEqual([
      { id: vaInteraction, state: 'closed_complete', handled_by: 'virtual_agent', assignee_id: null },
      expect.objectContaining({
        id: started.interactionId,
        state: 'work_in_progress',
        assignee_id: bob.agentId,
      }),
    ]);

    await eventually(async () => expect(await phone()).toContain('Hi, Bob from Billing here.'));
    const { rows } = await db.query<{ state: string; agent_id: string | null }>(
      `SELECT state, agent_id FROM routing.work_item WHERE interaction_id = $1`,
      [started.interactionId],
    );
    expect(rows).toEqual([{ state: 'assigned', agent_id: bob.agentId }]);
  });

  it('R2: the requester’s next message joins bob’s new conversation, not the virtual agent’s', async () => {
    const before = (await transcriptOf(vaInteraction)).length;
    const onPhone = await phone();
    await simulator.sendSms(PHONE, BILLING, 'Oh hi Bob, thanks for reaching out');
    const pushed = await bob.waitForEvent(
      'message.appended',
      (data) =>
        data.interactionId === started.interactionId &&
        (data.message as { body: string }).body === 'Oh hi Bob, thanks for reaching out',
    );
    expect(pushed.data.unreadCount).toBe(1);

    // Agents hold the new conversation, so the virtual agent does not answer on it.
    expect(await interactions()).toEqual([
      expect.objectContaining({ id: vaInteraction, state: 'closed_complete' }),
      expect.objectContaining({
        id: started.interactionId,
        state: 'work_in_progress',
        handled_by: 'routing',
      }),
    ]);
    expect(await transcriptOf(started.interactionId)).toEqual([
      { direction: 'outbound', author_kind: 'agent', body: 'Hi, Bob from Billing here.' },
      { direction: 'inbound', author_kind: 'requester', body: 'Oh hi Bob, thanks for reaching out' },
    ]);
    expect(await transcriptOf(vaInteraction)).toHaveLength(before);
    expect(await ongoing(bob)).toEqual([
      expect.objectContaining({ interactionId: started.interactionId, unreadCount: 1 }),
    ]);
    const detail = await bob.expect<Detail>(200, 'GET', `/interactions/${started.interactionId}`);
    expect(detail.messages.map((m) => [m.author.kind, m.body])).toEqual([
      ['agent', 'Hi, Bob from Billing here.'],
      ['requester', 'Oh hi Bob, thanks for reaching out'],
    ]);
    expect(await phone()).toEqual(onPhone);
  });
});
