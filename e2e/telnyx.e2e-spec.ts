import { type AgentClient, eventually } from '@threadline/testkit';
import { type List, type Offer, openConversation } from './support/agent-api';
import { ALAN, JOINED_NOTE, ORDERS, QUEUE_NOTE } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

describe('a whole conversation over Telnyx, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;

  beforeAll(async () => {
    demo = await startDemoSystem();
    alice = await demo.loginAvailable('alice');
  });

  afterAll(() => demo?.stop());

  let offer: Offer;

  it('R1: Alan texts Orders, a number at the Telnyx account; it arrives as a Telnyx webhook and alice is offered it', async () => {
    const sent = await demo.simulator.sendSms(ALAN.phone, ORDERS, 'Has order #77 shipped?');
    expect(sent.webhook.status).toBe(200);
    expect(await demo.simulator.message(sent.messageSid)).toMatchObject({ provider: 'telnyx' });
    const pushed = await alice.waitForEvent('offer.created');
    offer = (await eventually(async () => {
      const offers = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
      const found = offers.items.find((candidate) => candidate.workItemId === pushed.data.workItemId);
      // The first message and the requester reach agent-gateway by separate events.
      if (!found?.firstMessage || !found.requesterAddress) throw new Error('offer not complete yet');
      return found;
    }))!;
    expect(offer).toMatchObject({ requesterAddress: ALAN.phone, firstMessage: 'Has order #77 shipped?' });
    const stored = await demo.db.query<{ provider: string }>(
      `SELECT provider FROM sms_gateway.inbound_message WHERE provider_message_id = $1`,
      [sent.messageSid],
    );
    expect(stored.rows).toEqual([{ provider: 'telnyx' }]);
  });

  it('S3: alice accepts and replies; it leaves through Telnyx, the phone receives it, and alice sees it delivered', async () => {
    await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
    const reply = await alice.expect<{ messageId: string }>(
      202,
      'POST',
      `/interactions/${offer.interactionId}/messages`,
      {
        body: 'Yes, it left the depot this morning.',
      },
    );
    const received = await eventually(async () => {
      const messages = await demo.simulator.received(ALAN.phone);
      const found = messages.find((message) => message.body === 'Yes, it left the depot this morning.');
      if (!found) throw new Error('not received yet');
      return found;
    });
    expect(received.from).toBe(ORDERS);
    expect(await demo.simulator.message(received.sid)).toMatchObject({
      provider: 'telnyx',
      status: 'delivered',
    });
    await alice.waitForEvent(
      'message.status-changed',
      (data) => data.messageId === reply.messageId && data.deliveryStatus === 'delivered',
    );
    const conversation = await eventually(async () => {
      const answer = await openConversation(alice, offer.interactionId);
      expect(answer.messages.at(-1)).toMatchObject({
        direction: 'outbound',
        body: 'Yes, it left the depot this morning.',
        deliveryStatus: 'delivered',
      });
      return answer;
    });
    // S1: agents-only notes were not sent to the phone, over Telnyx as over Twilio.
    const bodies = await demo.bodiesReceivedBy(ALAN.phone);
    expect(bodies).not.toContain(QUEUE_NOTE);
    expect(bodies).not.toContain(JOINED_NOTE);
    expect(conversation.messages.map((message) => message.direction)).toContain('inbound');
    const sent = await demo.db.query<{ provider: string }>(
      `SELECT provider FROM sms_gateway.outbound_message WHERE body = $1`,
      ['Yes, it left the depot this morning.'],
    );
    expect(sent.rows).toEqual([{ provider: 'telnyx' }]);
  });
});
