// SPEC A3 through the running system: a requester is talking to Billing's virtual agent when an
// agent starts an SMS to them. The agent is warned first; unconfirmed, nothing changes; confirmed,
// the virtual agent's conversation is closed and a new one, the agent's, takes its place, and the
// requester's next message goes to the agent (R2).
import { type AgentClient, eventually } from '@threadline/testkit';
import {
  ongoing,
  openConversation,
  precheckConversation,
  startConversation,
  type Started,
} from './support/agent-api';
import { interactionsOf, workItemsOf } from './support/database';
import { BILLING, BILLING_VIRTUAL_AGENT as va, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

/** A requester no directory user or profile knows. */
const PHONE = '+15557400001';

describe('an agent starts an SMS to a requester who is talking to the virtual agent (SPEC A3)', () => {
  let demo: DemoSystem;
  let bob: AgentClient;
  let maria: AgentClient;

  beforeAll(async () => {
    demo = await startDemoSystem();
    bob = await demo.login('bob');
    maria = await demo.login('maria');
    await bob.connect();
  });

  afterAll(() => demo?.stop());

  const phone = () => demo.bodiesReceivedBy(PHONE);

  const interactions = () =>
    interactionsOf(demo.db, PHONE, BILLING, ['id', 'state', 'handled_by', 'assignee_id']);
  async function transcriptOf(interactionId: string) {
    const { rows } = await demo.db.query<{ direction: string; author_kind: string; body: string }>(
      `SELECT direction, author_kind, body FROM interaction.message WHERE interaction_id = $1 ORDER BY occurred_at, id`,
      [interactionId],
    );
    return rows;
  }
  const start = (body: Record<string, unknown>) =>
    startConversation(bob, { companyAddress: BILLING, to: PHONE, ...body });

  let vaInteraction: string;
  let warning: string;
  let started: Started;

  it('R1: the requester texts Billing and is talking to the virtual agent', async () => {
    await demo.simulator.sendSms(PHONE, BILLING, 'Hi there');
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
    const precheck = await precheckConversation(bob, { companyAddress: BILLING, to: PHONE });
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
    await demo.simulator.sendSms(PHONE, BILLING, '1');
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
    const closed = await openConversation(maria, vaInteraction);
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
    // Routing records bob's own conversation from the enqueue command, a moment after the start.
    await eventually(async () =>
      expect(await workItemsOf(demo.db, started.interactionId)).toEqual([
        { state: 'assigned', agent_id: bob.agentId },
      ]),
    );
  });

  it('R2: the requester’s next message joins bob’s new conversation, not the virtual agent’s', async () => {
    const before = (await transcriptOf(vaInteraction)).length;
    const onPhone = await phone();
    await demo.simulator.sendSms(PHONE, BILLING, 'Oh hi Bob, thanks for reaching out');
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
    const detail = await openConversation(bob, started.interactionId);
    expect(detail.messages.map((m) => [m.author.kind, m.body])).toEqual([
      ['agent', 'Hi, Bob from Billing here.'],
      ['requester', 'Oh hi Bob, thanks for reaching out'],
    ]);
    expect(await phone()).toEqual(onPhone);
  });
});
