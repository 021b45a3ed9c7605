// Conversations that end (SPEC I5), hold and resume (W4), and the capacity they free, through the
// running system: the provider simulator texts, agents act over REST and hear over the WebSocket.
import { type AgentClient, eventually, phoneNumbers } from '@threadline/testkit';
import { type Conversation, type ErrorBody, type List, ongoing, openConversation } from './support/agent-api';
import { SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

describe('the interaction lifecycle, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let bob: AgentClient;
  let maria: AgentClient;
  const newRequester = phoneNumbers('+1555700');

  beforeAll(async () => {
    // Capacity 1, so the second conversation waits for the first to end.
    demo = await startDemoSystem({ envOf: { routing: { ROUTING_DEFAULT_CAPACITY: '1' } } });
    alice = await demo.loginAvailable('alice');
    bob = await demo.login('bob');
    maria = await demo.login('maria');
  });

  afterAll(() => demo?.stop());

  /** A new requester texts Support; resolves with the offer alice's socket receives for it. */
  async function newConversationOfferedToAlice(
    body: string,
  ): Promise<{ workItemId: string; interactionId: string }> {
    await demo.simulator.sendSms(newRequester(), SUPPORT, body);
    const offer = await alice.waitForEvent('offer.created', (data) => data.firstMessage === body);
    return offer.data as { workItemId: string; interactionId: string };
  }

  async function workItemState(interactionId: string): Promise<{ state: string; held: boolean } | undefined> {
    const result = await demo.db.query<{ state: string; held: boolean }>(
      `SELECT state, held FROM routing.work_item WHERE interaction_id = $1 ORDER BY enqueued_at DESC LIMIT 1`,
      [interactionId],
    );
    return result.rows[0];
  }

  const ongoingIds = async (agent: AgentClient) => (await ongoing(agent)).map((c) => c.interactionId);

  it('read your own writes: a reply sent right after the accept is taken, and Ongoing lists it', async () => {
    const offer = await newConversationOfferedToAlice('my parcel never came');
    await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
    // No waiting in between: the accept's answer means the assignment is visible everywhere.
    await alice.expect(202, 'POST', `/interactions/${offer.interactionId}/messages`, { body: 'Looking now' });
    expect(await ongoingIds(alice)).toContain(offer.interactionId);
    const detail = await openConversation(alice, offer.interactionId);
    expect(detail.interaction).toMatchObject({ state: 'work_in_progress', assigneeId: alice.agentId });
  });

  it('I5 and W4: ending frees capacity, and the waiting conversation is offered at once', async () => {
    // Alice (capacity 1) holds the conversation of the test above.
    const [first] = await ongoingIds(alice);
    expect(first).toBeDefined();

    const phone = newRequester();
    await demo.simulator.sendSms(phone, SUPPORT, 'second, waiting for a free agent');
    const waiting = await eventually(async () => {
      const result = await demo.db.query<{ id: string; state: string }>(
        `SELECT w.interaction_id AS id, w.state FROM routing.work_item w
           JOIN interaction.interaction i ON i.id = w.interaction_id
          WHERE i.requester_address = $1`,
        [phone],
      );
      const row = result.rows[0];
      if (!row) throw new Error('no work item yet for the second requester');
      return row;
    });
    // Capacity 1 and one conversation held: the second waits in the queue, offered to nobody.
    expect(waiting.state).toBe('queued');

    const ended = await alice.expect<Conversation>(200, 'POST', `/interactions/${first}/end`, {
      outcome: 'complete',
      note: 'Parcel found',
    });
    expect(ended.state).toBe('closed_complete');
    // Ongoing drops it at once, with no wait for events.
    expect(await ongoingIds(alice)).not.toContain(first);

    const offer = await alice.waitForEvent('offer.created', (data) => data.interactionId === waiting.id);
    expect(await workItemState(first!)).toMatchObject({ state: 'closed' });
    await alice.expect(200, 'POST', `/offers/${(offer.data as { workItemId: string }).workItemId}/accept`);
    expect(await ongoingIds(alice)).toEqual([waiting.id]);
  });

  it('W4: a conversation on hold does not count against capacity; resuming it counts again', async () => {
    const [held] = await ongoingIds(alice);
    expect(held).toBeDefined();
    const onHold = await alice.expect<Conversation>(200, 'POST', `/interactions/${held}/hold`);
    expect(onHold.state).toBe('on_hold');
    await eventually(async () =>
      expect(await workItemState(held!)).toEqual({ state: 'assigned', held: true }),
    );

    // Room again: a new requester is offered to alice although she still holds the held one.
    const next = await newConversationOfferedToAlice('third, while the other is on hold');
    await alice.expect(200, 'POST', `/offers/${next.workItemId}/accept`);

    const resumed = await alice.expect<Conversation>(200, 'POST', `/interactions/${held}/resume`);
    expect(resumed.state).toBe('work_in_progress');
    await eventually(async () =>
      expect(await workItemState(held!)).toEqual({ state: 'assigned', held: false }),
    );

    // Holding what is not in progress is refused with the state machine's code.
    const twice = await alice.call<ErrorBody>('POST', `/interactions/${held}/resume`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_TRANSITION');
  });

  it("I5: another agent may not end alice's conversation; a manager may, and it is then closed", async () => {
    const [target] = await ongoingIds(alice);
    const refused = await bob.call<ErrorBody>('POST', `/interactions/${target}/end`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_ASSIGNEE');

    const ended = await maria.expect<Conversation>(200, 'POST', `/interactions/${target}/end`, {
      outcome: 'abandoned',
    });
    expect(ended.state).toBe('closed_abandoned');
    // The assignee hears about it and it leaves her Ongoing.
    await alice.waitForEvent(
      'interaction.updated',
      (data) => data.interactionId === target && data.state === 'closed_abandoned',
    );
    expect(await ongoingIds(alice)).not.toContain(target);

    const again = await maria.call<ErrorBody>('POST', `/interactions/${target}/end`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INTERACTION_CLOSED');
  });

  it('I1: a conversation a manager ends while it is offered leaves the Inbox (offer.withdrawn)', async () => {
    // Room for one more: alice's held conversations above are ended first.
    for (const id of await ongoingIds(alice)) await alice.expect(200, 'POST', `/interactions/${id}/end`, {});
    const offer = await newConversationOfferedToAlice('ended before anyone answered');
    const ended = await maria.expect<Conversation>(200, 'POST', `/interactions/${offer.interactionId}/end`, {
      outcome: 'abandoned',
    });
    expect(ended.state).toBe('closed_abandoned');
    await alice.waitForEvent('offer.withdrawn', (data) => data.workItemId === offer.workItemId);
    const inbox = await alice.expect<List<{ workItemId: string }>>(200, 'GET', '/inbox/offers');
    expect(inbox.items.map((item) => item.workItemId)).not.toContain(offer.workItemId);
    // Routing closed the work item: there is nothing left to accept.
    const late = await alice.call<ErrorBody>('POST', `/offers/${offer.workItemId}/accept`);
    expect(late.status).toBe(404);
    expect(late.body.error.code).toBe('OFFER_NOT_FOUND');
  });

  it('bad input: an unknown outcome is 400 and an unknown conversation 404, and nothing changes', async () => {
    const offer = await newConversationOfferedToAlice('one more, for the bad requests');
    await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);
    const mine = offer.interactionId;
    const badOutcome = await alice.call<ErrorBody>('POST', `/interactions/${mine}/end`, {
      outcome: 'finished',
    });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error.code).toBe('VALIDATION_FAILED');
    expect(await ongoingIds(alice)).toContain(mine);

    const unknown = await alice.call<ErrorBody>(
      'POST',
      '/interactions/01960000-0000-7000-8000-0000000000ff/end',
      {},
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('INTERACTION_NOT_FOUND');

    const notAnId = await alice.call<ErrorBody>('POST', '/interactions/nope/hold');
    expect(notAnId.status).toBe(400);
  });
});
