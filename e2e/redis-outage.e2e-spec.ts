import { type AgentClient, eventually, resolveTestServers, TcpGate } from '@threadline/testkit';
import { type Conversation, type List, type Offer, openConversation } from './support/agent-api';
import { ADA, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

/**
 * Redis goes away for agent-gateway (its connection runs through a gate the test shuts; the
 * shared Redis keeps running) while Ada texts and alice works: the pushes are lost, the
 * socket is told to resync when Redis is back, and what it reloads is complete.
 */
describe('an agent’s views after a Redis outage, end to end', () => {
  let demo: DemoSystem;
  let redis: TcpGate;
  let alice: AgentClient;

  beforeAll(async () => {
    const servers = await resolveTestServers();
    redis = await TcpGate.to(servers.redisUrl);
    demo = await startDemoSystem({
      envOf: { 'agent-gateway': { REDIS_URL: redis.urlFor(servers.redisUrl) } },
    });
    alice = await demo.loginAvailable('alice');
  });

  afterAll(async () => {
    await demo?.stop();
    await redis?.close();
  });

  it('resyncs the socket, and Inbox, Ongoing and the transcript hold everything that happened meanwhile', async () => {
    await redis.cut();

    const first = await demo.simulator.sendSms(ADA.phone, SUPPORT, 'Sent while Redis was down');
    expect(first.webhook.status).toBe(200);
    // Offered while pushes cannot fan out: the Inbox, read from the API, has it anyway.
    const offer = await eventually(
      async () => {
        const offers = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
        const found = offers.items.find((candidate) => candidate.requesterAddress === ADA.phone);
        if (!found?.firstMessage) throw new Error('offer not in the inbox yet');
        return found;
      },
      { timeoutMs: 30_000 },
    );
    expect(offer.firstMessage).toBe('Sent while Redis was down');
    // Commands still work: accepting writes through NATS and Postgres, not Redis.
    await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
    const second = await demo.simulator.sendSms(ADA.phone, SUPPORT, 'And a second one');
    expect(second.webhook.status).toBe(200);
    await eventually(
      async () => {
        const detail = await openConversation(alice, offer.interactionId);
        expect(detail.messages.map((message) => message.body)).toContain('And a second one');
      },
      { timeoutMs: 30_000 },
    );
    expect(alice.events.filter((event) => event.type === 'offer.created')).toEqual([]);

    await redis.restore();
    await alice.waitForEvent('resync', () => true, { timeoutMs: 30_000 });

    const ongoing = await alice.expect<List<Conversation>>(200, 'GET', '/interactions/ongoing');
    expect(ongoing.items.map((conversation) => conversation.interactionId)).toContain(offer.interactionId);
    const inbox = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
    expect(inbox.items.map((item) => item.workItemId)).not.toContain(offer.workItemId);
    const detail = await openConversation(alice, offer.interactionId);
    expect(detail.messages.map((message) => message.body)).toEqual(
      expect.arrayContaining(['Sent while Redis was down', 'And a second one']),
    );
  });
});
