// SPEC W6 through the running system: an agent rejects an offer, another lets it time out.
import { type AgentClient, eventually } from '@threadline/testkit';
import type { ErrorBody } from './support/agent-api';
import { SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

const OFFER_TIMEOUT_SECONDS = 2;

interface InboxOffer {
  workItemId: string;
  interactionId: string;
  expiresInMs: number;
}

describe('offers that are rejected or time out, end to end (SPEC W6)', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let bob: AgentClient;

  beforeAll(async () => {
    // Offers stand two seconds, and are looked for every 100 ms once they have run out.
    demo = await startDemoSystem({
      envOf: {
        routing: {
          ROUTING_OFFER_TIMEOUT_SECONDS: String(OFFER_TIMEOUT_SECONDS),
          ROUTING_OFFER_SWEEP_MS: '100',
        },
      },
    });
    alice = await demo.login('alice');
    bob = await demo.login('bob');
    await alice.connect();
    await bob.connect();
  });

  afterAll(() => demo?.stop());

  async function presenceOf(agent: AgentClient): Promise<string | undefined> {
    const result = await demo.db.query<{ presence: string }>(
      `SELECT presence FROM routing.agent WHERE id = $1`,
      [agent.agentId],
    );
    return result.rows[0]?.presence;
  }

  it('W6: alice rejects; the offer leaves her Inbox and goes to bob, who lets it time out; then it waits, and bob is away', async () => {
    // Each offer is told apart by when it was made: the same offer may be pushed again once its
    // details arrive, a second offer of the item would have its own offeredAt.
    const offersToAlice = new Set<string>();
    alice.onEvent((event) => {
      if (event.type === 'offer.created')
        offersToAlice.add(`${String(event.data.workItemId)} ${String(event.data.offeredAt)}`);
    });
    await alice.setPresence('available');
    await demo.simulator.sendSms('+15557200001', SUPPORT, 'Can someone help me with a refund?');
    const offered = await alice.waitForEvent('offer.created');
    const { workItemId, interactionId } = offered.data as { workItemId: string; interactionId: string };

    // The Inbox shows how long the offer still stands.
    const inbox = await alice.expect<{ items: InboxOffer[] }>(200, 'GET', '/inbox/offers');
    const listed = inbox.items.find((item) => item.workItemId === workItemId);
    expect(listed?.expiresInMs).toBeGreaterThan(0);
    expect(listed?.expiresInMs).toBeLessThanOrEqual(OFFER_TIMEOUT_SECONDS * 1_000);

    await bob.setPresence('available');
    await alice.expect(200, 'POST', `/offers/${workItemId}/reject`, { reason: 'refunds are not mine' });
    const after = await alice.expect<{ items: InboxOffer[] }>(200, 'GET', '/inbox/offers');
    expect(after.items.map((item) => item.workItemId)).not.toContain(workItemId);
    await alice.waitForEvent('offer.withdrawn', (data) => data.workItemId === workItemId);

    // Offered to bob at once; alice rejected it, so never to her again.
    await bob.waitForEvent('offer.created', (data) => data.workItemId === workItemId);
    // Bob does not answer: within a second of the deadline it is taken back and he is away.
    await bob.waitForEvent('offer.withdrawn', (data) => data.workItemId === workItemId, {
      timeoutMs: (OFFER_TIMEOUT_SECONDS + 5) * 1_000,
    });
    await eventually(async () => expect(await presenceOf(bob)).toBe('away'));
    const item = await demo.db.query<{ state: string; agent_id: string | null; rejected_by: string[] }>(
      `SELECT state, agent_id, rejected_by FROM routing.work_item WHERE interaction_id = $1`,
      [interactionId],
    );
    expect(item.rows).toEqual([{ state: 'queued', agent_id: null, rejected_by: [alice.agentId] }]);
    expect([...offersToAlice].filter((offer) => offer.startsWith(workItemId))).toHaveLength(1);

    // Bob accepting late is refused, and changes nothing.
    const late = await bob.call<ErrorBody>('POST', `/offers/${workItemId}/accept`);
    expect(late.status).toBe(409);
    expect(['OFFER_NOT_YOURS', 'OFFER_EXPIRED']).toContain(late.body.error.code);
  });
});
