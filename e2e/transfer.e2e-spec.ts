// SPEC W10 through the running system: an agent transfers a conversation to another agent by name;
// routing offers it to them as a new offer, and the transfer is in the transcript for agents only (S1).
import { type AgentClient, eventually, phoneNumbers } from '@threadline/testkit';
import {
  type Conversation,
  type ConversationDetail,
  type ErrorBody,
  type List,
  type Offer,
  ongoing,
  openConversation,
} from './support/agent-api';
import { SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

const NOTE = 'Billing question, over to Bob';
const TRANSFER_NOTE = `The agent transferred the conversation to another agent. Note: ${NOTE}`;

describe('transfer, end to end (SPEC W10, S1)', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let bob: AgentClient;
  let maria: AgentClient;
  const newRequester = phoneNumbers('+1555710');

  beforeAll(async () => {
    demo = await startDemoSystem();
    // Only alice is available when the requester writes, so the offer is hers.
    alice = await demo.loginAvailable('alice');
    maria = await demo.login('maria');
  });

  afterAll(() => demo?.stop());

  const ongoingIds = async (agent: AgentClient) => (await ongoing(agent)).map((c) => c.interactionId);

  it('W10: alice accepts, then transfers to bob with a note; bob is offered it and accepts; the requester never hears of it', async () => {
    const phone = newRequester();
    await demo.simulator.sendSms(phone, SUPPORT, 'My invoice is wrong');
    const offered = await alice.waitForEvent(
      'offer.created',
      (data) => data.firstMessage === 'My invoice is wrong',
    );
    const { workItemId, interactionId } = offered.data as { workItemId: string; interactionId: string };
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    await alice.expect(202, 'POST', `/interactions/${interactionId}/messages`, { body: 'Let me look' });
    await eventually(async () => expect(await demo.bodiesReceivedBy(phone)).toContain('Let me look'));

    bob = await demo.loginAvailable('bob');
    // Not to herself: 400, and nothing changes.
    const self = await alice.call<ErrorBody>('POST', `/interactions/${interactionId}/transfer`, {
      agentId: alice.agentId,
    });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('TRANSFER_TO_SELF');

    const transferred = await alice.expect<Conversation>(
      200,
      'POST',
      `/interactions/${interactionId}/transfer`,
      {
        agentId: bob.agentId,
        note: NOTE,
      },
    );
    expect(transferred).toMatchObject({ interactionId, state: 'new', assigneeId: null });
    // It leaves alice's Ongoing at once.
    expect(await ongoingIds(alice)).not.toContain(interactionId);

    // Routing treats it as a new offer, to bob by name: his Inbox lists it (same work item).
    const offer = await bob.waitForEvent('offer.created', (data) => data.interactionId === interactionId);
    expect(offer.data.workItemId).toBe(workItemId);
    const inbox = await bob.expect<List<Offer>>(200, 'GET', '/inbox/offers');
    expect(inbox.items.map((item) => item.interactionId)).toContain(interactionId);
    await bob.expect(200, 'POST', `/offers/${workItemId}/accept`);
    expect(await ongoingIds(bob)).toContain(interactionId);
    await bob.expect(202, 'POST', `/interactions/${interactionId}/messages`, { body: 'Bob here, fixing it' });

    // S1: the transfer and its note are in the transcript, for agents only, before bob's reply.
    const detail = await eventually(async () => {
      const opened = await openConversation(bob, interactionId);
      expect(opened.messages.map((line) => line.body)).toContain('Bob here, fixing it');
      return opened;
    });
    expect(detail.interaction).toMatchObject({ state: 'work_in_progress', assigneeId: bob.agentId });
    expect(detail.messages.find((line) => line.body === TRANSFER_NOTE)).toMatchObject({
      direction: 'internal',
      visibility: 'agents_only',
      author: { kind: 'system', id: alice.agentId },
    });
    const lines = detail.messages.map((line) => line.body);
    expect(lines.indexOf(TRANSFER_NOTE)).toBeGreaterThan(lines.indexOf('Let me look'));
    expect(lines.indexOf(TRANSFER_NOTE)).toBeLessThan(lines.indexOf('Bob here, fixing it'));
    const asManager = await maria.expect<ConversationDetail>(200, 'GET', `/interactions/${interactionId}`);
    expect(asManager.messages.map((line) => line.body)).toContain(TRANSFER_NOTE);

    // The requester got the replies, and nothing of the transfer.
    await eventually(async () => expect(await demo.bodiesReceivedBy(phone)).toContain('Bob here, fixing it'));
    const received = await demo.bodiesReceivedBy(phone);
    expect(received.filter((body) => body.includes('transferred') || body.includes(NOTE))).toEqual([]);
    const outbound = await demo.db.query<{ body: string }>(
      `SELECT body FROM interaction.message WHERE interaction_id = $1 AND direction = 'outbound'`,
      [interactionId],
    );
    expect(outbound.rows.map((row) => row.body)).not.toContain(TRANSFER_NOTE);
  });
});
