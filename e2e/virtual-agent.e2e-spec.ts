import { type AgentClient, eventually } from '@threadline/testkit';
import { openConversation } from './support/agent-api';
import { interactionsOf } from './support/database';
import { BILLING, BILLING_VIRTUAL_AGENT as billing, GRACE } from './support/demo';
import { type DemoSystem, JWT_SECRET, startDemoSystem } from './support/system';

describe('the virtual agent, end to end (SPEC R1, R3, "Virtual agent", S1)', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let interactionId: string;
  let workItemId: string;

  beforeAll(async () => {
    demo = await startDemoSystem({ envOf: { 'agent-gateway': { AUTH_JWT_SECRET: JWT_SECRET } } });
    alice = await demo.loginAvailable('alice');
  });

  afterAll(() => demo?.stop());

  const phone = () => demo.bodiesReceivedBy(GRACE.phone);

  it('R1: Grace texts Billing; the virtual agent’s greeting and menu arrive on her phone, and no agent is offered it', async () => {
    await demo.simulator.sendSms(GRACE.phone, BILLING, 'Hi, a question about my bill');
    await eventually(async () =>
      expect(await phone()).toEqual([billing.greeting, expect.stringContaining(billing.menuPrompt)]),
    );
    const rows = await interactionsOf(demo.db, GRACE.phone, BILLING, ['id', 'handled_by']);
    expect(rows).toEqual([{ id: expect.any(String), handled_by: 'virtual_agent' }]);
    interactionId = rows[0]!.id;
    const { rows: enqueued } = await demo.db.query(
      `SELECT 1 FROM interaction.outbox WHERE subject = 'routing.workitem.enqueue.v1' AND payload->>'correlationId' = $1`,
      [interactionId],
    );
    expect(enqueued).toHaveLength(0);
    expect(alice.events.filter((event) => event.type === 'offer.created')).toHaveLength(0);
  });

  it('R3, requested_person: Grace asks for a person; the virtual agent hands over and alice is offered the conversation', async () => {
    await demo.simulator.sendSms(GRACE.phone, BILLING, 'a human, please?');
    const offer = await alice.waitForEvent('offer.created', (data) => data.interactionId === interactionId);
    workItemId = String(offer.data.workItemId);
    await eventually(async () => expect((await phone()).at(-1)).toBe(billing.handoffMessage));
    const { rows } = await demo.db.query<{ handled_by: string; va_handoff_reason: string }>(
      `SELECT handled_by, va_handoff_reason FROM interaction.interaction WHERE id = $1`,
      [interactionId],
    );
    expect(rows).toEqual([{ handled_by: 'routing', va_handoff_reason: 'requested_person' }]);
  });

  it('W6, S1: alice accepts; she sees the whole transcript, the notes marked for agents only, none of which reached the phone', async () => {
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    const detail = await eventually(async () => {
      const answer = await openConversation(alice, interactionId);
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
