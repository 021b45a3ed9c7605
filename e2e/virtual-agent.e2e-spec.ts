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

/** Demo data (docs/first-conversation.md) and the demo company-number settings (docs/virtual-agent.md). */
const BILLING = '+15550100002';
const GRACE = '+15551230002';
const PASSWORD = 'threadline-demo';
const JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';
const billing = (
  JSON.parse(readFileSync(DEMO_COMPANY_NUMBERS_FILE, 'utf8')) as {
    numbers: Record<
      string,
      { virtualAgent: { greeting: string; menuPrompt: string; handoffMessage: string } }
    >;
  }
).numbers[BILLING]!.virtualAgent;

interface Detail {
  interaction: { interactionId: string; state: string | null; assigneeId: string | null };
  messages: Array<{ direction: string; body: string; author: { kind: string }; visibility: string }>;
}

describe('the virtual agent, end to end (SPEC R1, R3, "Virtual agent", S1)', () => {
  let environment: IsolatedEnvironment;
  let system: RunningSystem;
  let simulator: ProviderSimulatorClient;
  let db: Client;
  let alice: AgentClient;
  let interactionId: string;
  let workItemId: string;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment(await resolveTestServers());
    system = await startSystem(environment, { envOf: { 'agent-gateway': { AUTH_JWT_SECRET: JWT_SECRET } } });
    simulator = new ProviderSimulatorClient(system.urls.simulator);
    db = new Client({ connectionString: environment.databaseUrl });
    await db.connect();
    alice = await AgentClient.login(system.urls['agent-gateway'], 'alice', PASSWORD);
    await alice.connect();
    await alice.setPresence('available');
  });

  afterAll(async () => {
    alice?.close();
    await db?.end();
    await system?.stop();
    await environment?.dispose();
  });

  const phone = async () => (await simulator.received(GRACE)).map((message) => message.body);

  it('R1: Grace texts Billing; the virtual agent’s greeting and menu arrive on her phone, and no agent is offered it', async () => {
    await simulator.sendSms(GRACE, BILLING, 'Hi, a question about my bill');
    await eventually(async () =>
      expect(await phone()).toEqual([billing.greeting, expect.stringContaining(billing.menuPrompt)]),
    );
    const { rows } = await db.query<{ id: string; handled_by: string }>(
      `SELECT id, handled_by FROM interaction.interaction WHERE requester_address = $1 AND company_address = $2`,
      [GRACE, BILLING],
    );
    expect(rows).toEqual([{ id: expect.any(String), handled_by: 'virtual_agent' }]);
    interactionId = rows[0]!.id;
    const { rows: enqueued } = await db.query(
      `SELECT 1 FROM interaction.outbox WHERE subject = 'routing.workitem.enqueue.v1' AND payload->>'correlationId' = $1`,
      [interactionId],
    );
    expect(enqueued).toHaveLength(0);
    expect(alice.events.filter((event) => event.type === 'offer.created')).toHaveLength(0);
  });

  it('R3, requested_person: Grace asks for a person; the virtual agent hands over and alice is offered the conversation', async () => {
    await simulator.sendSms(GRACE, BILLING, 'a human, please?');
    const offer = await alice.waitForEvent('offer.created', (data) => data.interactionId === interactionId);
    workItemId = String(offer.data.workItemId);
    await eventually(async () => expect((await phone()).at(-1)).toBe(billing.handoffMessage));
    const { rows } = await db.query<{ handled_by: string; va_handoff_reason: string }>(
      `SELECT handled_by, va_handoff_reason FROM interaction.interaction WHERE id = $1`,
      [interactionId],
    );
    expect(rows).toEqual([{ handled_by: 'routing', va_handoff_reason: 'requested_person' }]);
  });

  it('W6, S1: alice accepts; she sees the whole transcript, the notes marked for agents only, none of which reached the phone', async () => {
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    const detail = await eventually(async () => {
      const answer = await alice.expect<Detail>(200, 'GET', `/interactions/${interactionId}`);
      expect(answer.interaction).toMatchObject({ state: 'work_in_progress', assigneeId: alice.agentId });
      // The handoff, the queue and the joined notices.
      expect(answer.messages.filter((message) => message.visibility === 'agents_only')).toHaveLength(3);
      return answer;
    });
    expect(detail.messages.map((message) => [message.author.kind, message.visibility])).toEqual([
      ['requester', 'requester_visible'],
      ['virtual_agent', 'requester_visible'],
      ['virtual_agent', 'requester_visible'],
      ['requester', 'requester_visible'],
      ['virtual_agent', 'requester_visible'],
      ['system', 'agents_only'],
      ['system', 'agents_only'],
      ['system', 'agents_only'],
    ]);
    const notes = detail.messages.filter((message) => message.visibility === 'agents_only');
    const received = await phone();
    for (const note of notes) expect(received).not.toContain(note.body);
    expect(received).toHaveLength(3);
  });
});
