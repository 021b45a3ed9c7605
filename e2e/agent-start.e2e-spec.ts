// Agents start SMS conversations (SPEC A1, A2, A4) through the running system: the agent-gateway
// checks and plans, interaction decides under the pair's lock, profile replaces a profile for A4,
// routing counts the conversation against the agent, and the simulator's phone receives the SMS.
// A3 (a requester talking to the virtual agent) is in agent-start-va.e2e-spec.ts.
import { type AgentClient, eventually, phoneNumbers } from '@threadline/testkit';
import {
  ongoing,
  openConversation,
  precheckConversation,
  startConversation,
  type Started,
} from './support/agent-api';
import { interactionsOf as interactionRows, workItemsOf } from './support/database';
import { ADA, BILLING, GRACE, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

describe('agent-initiated conversations, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let bob: AgentClient;

  beforeAll(async () => {
    demo = await startDemoSystem();
    alice = await demo.login('alice');
    bob = await demo.login('bob');
  });

  afterAll(() => demo?.stop());

  /** The first describe uses +15557200001; later tests take the next numbers. */
  const newNumber = phoneNumbers('+1555720', 2);

  const start = (agent: AgentClient, body: Record<string, unknown>) =>
    startConversation(agent, { companyAddress: SUPPORT, ...body });

  /** What the requester's phone received, once `body` is among it. */
  const phoneReceives = (phone: string, body: string) =>
    eventually(async () => expect(await demo.bodiesReceivedBy(phone)).toContain(body));

  const interactionsOf = (phone: string, company = SUPPORT) =>
    interactionRows(demo.db, phone, company, [
      'id',
      'state',
      'assignee_id',
      'requester_user_id',
      'participant_ids',
    ]);

  describe('a new number, then a second agent', () => {
    const phone = '+15557200001';
    let first: Started;

    it('A1: alice starts to a new number from her one company number; it is hers, in Ongoing at once, and counts against her capacity', async () => {
      expect(await alice.expect(200, 'GET', '/me/company-numbers')).toEqual({
        items: [{ address: SUPPORT, label: 'Support' }],
        default: SUPPORT,
      });
      const precheck = await precheckConversation(alice, { companyAddress: SUPPORT, to: '(555) 720-0001' });
      expect(precheck).toMatchObject({ requesterAddress: phone, rule: 'A1', warning: null, active: [] });

      const answer = await start(alice, { to: '(555) 720-0001', body: 'Hello from Support' });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ rule: 'A1', closedInteractionId: null });
      first = answer.body;

      // No waiting: the answer means the conversation shows as hers.
      expect(await ongoing(alice)).toContainEqual(
        expect.objectContaining({
          interactionId: first.interactionId,
          state: 'work_in_progress',
          assigneeId: alice.agentId,
          requesterAddress: phone,
        }),
      );
      const detail = await openConversation(alice, first.interactionId);
      expect(detail.interaction).toMatchObject({ state: 'work_in_progress', assigneeId: alice.agentId });

      await phoneReceives(phone, 'Hello from Support');
      await eventually(async () =>
        expect(await workItemsOf(demo.db, first.interactionId)).toEqual([
          { state: 'assigned', agent_id: alice.agentId },
        ]),
      );
    });

    it('A2: bob starts to the same pair: his message joins alice’s conversation, which stays hers', async () => {
      const precheck = await precheckConversation(bob, { companyAddress: SUPPORT, to: phone });
      expect(precheck).toMatchObject({
        rule: 'A2',
        active: [{ interactionId: first.interactionId, assigneeId: alice.agentId, assigneeName: 'Alice' }],
      });

      const answer = await start(bob, { to: phone, body: 'Bob from Billing here, too' });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ rule: 'A2', interactionId: first.interactionId });

      await phoneReceives(phone, 'Bob from Billing here, too');
      expect(await interactionsOf(phone)).toEqual([
        expect.objectContaining({
          id: first.interactionId,
          state: 'work_in_progress',
          assignee_id: alice.agentId,
          participant_ids: [bob.agentId],
        }),
      ]);
      expect((await ongoing(alice)).map((c) => c.interactionId)).toContain(first.interactionId);
      expect((await ongoing(bob)).map((c) => c.interactionId)).not.toContain(first.interactionId);
    });
  });

  it('refuses a company number the agent may not use, and a number that is not one, sending nothing', async () => {
    const phone = newNumber();
    const billing = await startConversation(alice, { companyAddress: BILLING, to: phone, body: 'hi' });
    expect(billing.status).toBe(403);
    expect(billing.body.error.code).toBe('COMPANY_NUMBER_NOT_ALLOWED');
    const invalid = await start(alice, { to: 'not a number', body: 'hi' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('PHONE_NUMBER_INVALID');
    expect(await interactionsOf(phone)).toEqual([]);
    expect(await interactionsOf(phone, BILLING)).toEqual([]);
  });

  it('A4: Ada’s number is in a conversation about Ada, and bob contacts Grace: warned first, then the old one is closed and the number moves to Grace', async () => {
    const held = await start(alice, { userId: ADA.id, body: 'Hello Ada' });
    expect(held.status).toBe(201);
    expect(held.body.rule).toBe('A1');
    await phoneReceives(ADA.phone, 'Hello Ada');

    const precheck = await precheckConversation(bob, {
      companyAddress: SUPPORT,
      to: ADA.phone,
      userId: GRACE.id,
    });
    expect(precheck).toMatchObject({
      rule: 'A4',
      confirmationRequired: true,
      warning: expect.any(String),
      active: [{ interactionId: held.body.interactionId, assigneeId: alice.agentId }],
    });

    const unconfirmed = await start(bob, { to: ADA.phone, userId: GRACE.id, body: 'Hello Grace' });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      details: { rule: 'A4', warning: precheck.warning, activeInteractionId: held.body.interactionId },
    });
    // Nothing changed: the profile is not replaced, the conversation is still alice's.
    const profiles = async () =>
      (
        await demo.db.query<{ user_id: string | null; active: boolean }>(
          `SELECT user_id, active FROM profile.messaging_profile WHERE address = $1 ORDER BY created_at`,
          [ADA.phone],
        )
      ).rows;
    expect((await profiles()).filter((row) => row.user_id === GRACE.id)).toEqual([]);
    expect(await interactionsOf(ADA.phone)).toEqual([
      expect.objectContaining({ id: held.body.interactionId, state: 'work_in_progress' }),
    ]);

    const confirmed = await start(bob, {
      to: ADA.phone,
      userId: GRACE.id,
      body: 'Hello Grace',
      acknowledgeWarning: true,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ rule: 'A4', closedInteractionId: held.body.interactionId });
    expect(await interactionsOf(ADA.phone)).toEqual([
      expect.objectContaining({ id: held.body.interactionId, state: 'closed_complete' }),
      expect.objectContaining({
        id: confirmed.body.interactionId,
        state: 'work_in_progress',
        assignee_id: bob.agentId,
        requester_user_id: GRACE.id,
      }),
    ]);
    expect((await profiles()).filter((row) => row.active)).toEqual([{ user_id: GRACE.id, active: true }]);
    const lookup = await bob.expect<{ profile: { userId: string; verifiedAt: string | null } }>(
      200,
      'GET',
      `/profiles/lookup?address=${encodeURIComponent(ADA.phone)}`,
    );
    expect(lookup.profile).toMatchObject({ userId: GRACE.id, verifiedAt: expect.any(String) });

    expect(await ongoing(bob)).toContainEqual(
      expect.objectContaining({ interactionId: confirmed.body.interactionId, requesterUserId: GRACE.id }),
    );
    expect((await ongoing(alice)).map((c) => c.interactionId)).not.toContain(held.body.interactionId);
    await phoneReceives(ADA.phone, 'Hello Grace');
  });

  it('two agents start the same new pair at the same instant: one interaction, one A1 and one A2', async () => {
    const phone = newNumber();
    const answers = await Promise.all([
      start(alice, { to: phone, body: 'Alice, at once' }),
      start(bob, { to: phone, body: 'Bob, at once' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.body.rule).sort()).toEqual(['A1', 'A2']);
    expect(new Set(answers.map((answer) => answer.body.interactionId)).size).toBe(1);
    const winner = answers.findIndex((answer) => answer.body.rule === 'A1');
    const [agentOf, other] = winner === 0 ? [alice, bob] : [bob, alice];
    expect(await interactionsOf(phone)).toEqual([
      expect.objectContaining({
        state: 'work_in_progress',
        assignee_id: agentOf.agentId,
        participant_ids: [other.agentId],
      }),
    ]);
    await phoneReceives(phone, 'Alice, at once');
    await phoneReceives(phone, 'Bob, at once');
  });
});
