// SPEC W2, W5–W9 against the real servers: which queue an item goes to, and how each queue's
// settings (rule, auto-assign, offer timeout and its presence) decide what happens to it there.
import { queries } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_QUEUE_ID } from '../src/domain/default-queue';
import { routingService } from '../src/routing.service';
import { companyIs, enqueue, queueRequest, scrape, weekdayIn } from './support';

/** The service default; queues without their own timeout use it. */
const OFFER_TIMEOUT_SECONDS = 60;

describe('routing: queues by condition, order and schedule, and their settings (SPEC W2, W5–W9)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;
  let agentCounter = 0;
  let numberCounter = 0;

  const db = () => service.runtime.dataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await bootService(routingService, environment, {
      ROUTING_OFFER_TIMEOUT_SECONDS: String(OFFER_TIMEOUT_SECONDS),
      ROUTING_OFFER_SWEEP_MS: '100',
    });
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'routing.offer.created.v1',
      'routing.workitem.assigned.v1',
      'routing.workitem.queued.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  beforeEach(async () => {
    // Each test starts with nobody available and nothing waiting; its queues match only its own
    // company number, so those of earlier tests take none of its items.
    await db().query(`UPDATE agent SET presence = 'offline'`);
    await db().query(
      `UPDATE work_item SET state = 'closed', agent_id = NULL, offer_expires_at = NULL, closed_at = now()`,
    );
  });

  const newAgent = () => `queue-agent-${String(++agentCounter).padStart(3, '0')}`;
  /** A company number of this test's own. */
  const newNumber = () => `+1555020${String(++numberCounter).padStart(4, '0')}`;
  const available = (agentId: string) =>
    service.runtime.ask(queries.setAgentPresence, { agentId, presence: 'available' });

  /** Publishes the enqueue and answers the queue routing put the item in. */
  async function route(command: ReturnType<typeof enqueue>) {
    await tap.publish(command);
    const [queued] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) =>
        event.data.interactionId === command.data.interactionId &&
        (event.data.reason === 'new' || event.data.reason === 'reopened'),
    );
    return queued!.data;
  }

  const forNumber = (companyAddress: string, extras: Parameters<typeof enqueue>[1] = {}) =>
    enqueue(uuidv7(), { ...extras, attributes: { companyAddress, ...extras.attributes } });

  async function offerFor(interactionId: string) {
    const [offer] = await tap.waitFor(
      'routing.offer.created.v1',
      (event) => event.data.interactionId === interactionId,
    );
    return offer!;
  }

  async function itemOf(interactionId: string) {
    const [row] = await db().query<
      Array<{ id: string; state: string; agent_id: string | null; offer_count: number; enqueued_at: Date }>
    >(
      `SELECT id, state, agent_id, offer_count, enqueued_at FROM work_item WHERE interaction_id = $1
        ORDER BY enqueued_at DESC LIMIT 1`,
      [interactionId],
    );
    return row;
  }

  async function presenceOf(agentId: string): Promise<string | undefined> {
    const [row] = await db().query<Array<{ presence: string }>>(`SELECT presence FROM agent WHERE id = $1`, [
      agentId,
    ]);
    return row?.presence;
  }

  /** The agents the outbox offered these interactions to, in the order the offers were made. */
  async function offeredInOrder(interactionIds: string[]) {
    const rows = await db().query<Array<{ interaction_id: string; agent_id: string }>>(
      `SELECT payload->'data'->>'interactionId' AS interaction_id, payload->'data'->>'agentId' AS agent_id
         FROM outbox WHERE subject = 'routing.offer.created.v1' AND payload->'data'->>'interactionId' = ANY ($1)
        ORDER BY seq`,
      [interactionIds],
    );
    return rows;
  }

  it('W2: each condition field selects its conversations, and the first matching queue by order wins', async () => {
    const number = newNumber();
    const and = (condition: object) => ({ all: [companyIs(number), condition] });
    const made = [
      queueRequest(`Conflicts ${number}`, {
        condition: and({ field: 'identityConflict', op: 'eq', value: true }),
      }),
      queueRequest(`Handoffs ${number}`, {
        condition: and({ field: 'handoffReason', op: 'in', value: ['requested_person', 'topic_handoff'] }),
      }),
      queueRequest(`Guests ${number}`, {
        condition: and({ field: 'requesterIsGuest', op: 'eq', value: true }),
      }),
      queueRequest(`Reopened ${number}`, { condition: and({ field: 'reopened', op: 'eq', value: true }) }),
      queueRequest(`Urgent ${number}`, { condition: and({ field: 'priority', op: 'gte', value: 8 }) }),
      queueRequest(`Company ${number}`, { condition: companyIs(number) }),
    ];
    const [conflicts, handoffs, guests, reopened, urgent, company] = made.map((queue) => queue.id);
    for (const queue of made) await service.runtime.ask(queries.createQueue, queue);

    const cases: Array<[string, ReturnType<typeof enqueue>, string]> = [
      ['identityConflict', forNumber(number, { attributes: { identityConflict: true } }), conflicts!],
      ['handoffReason in', forNumber(number, { attributes: { handoffReason: 'topic_handoff' } }), handoffs!],
      [
        'handoffReason not in',
        forNumber(number, { attributes: { handoffReason: 'not_understood' } }),
        company!,
      ],
      ['requesterIsGuest', forNumber(number, { attributes: { requesterIsGuest: true } }), guests!],
      ['reopened', forNumber(number, { reopenedBy: uuidv7() }), reopened!],
      ['priority gte', forNumber(number, { priority: 9 }), urgent!],
      ['priority below', forNumber(number, { priority: 7 }), company!],
      ['companyAddress only', forNumber(number), company!],
      [
        'all of them: the first by order',
        forNumber(number, { priority: 10, attributes: { identityConflict: true, requesterIsGuest: true } }),
        conflicts!,
      ],
      [
        'another number',
        forNumber(newNumber(), { attributes: { identityConflict: true } }),
        DEFAULT_QUEUE_ID,
      ],
    ];
    const chosen = [];
    for (const [rule, command] of cases) chosen.push([rule, (await route(command)).queueId]);
    expect(chosen).toEqual(cases.map(([rule, , queueId]) => [rule, queueId]));
  });

  it('W2: the order decides between matching queues; orderQueues changes the choice', async () => {
    const number = newNumber();
    const byNumber = queueRequest(`By number ${number}`, { condition: companyIs(number) });
    const urgent = queueRequest(`Urgent ${number}`, {
      condition: { all: [companyIs(number), { field: 'priority', op: 'gte', value: 5 }] },
    });
    await service.runtime.ask(queries.createQueue, byNumber);
    await service.runtime.ask(queries.createQueue, urgent);
    expect((await route(forNumber(number, { priority: 6 }))).queueId).toBe(byNumber.id);

    const { queues } = await service.runtime.ask(queries.listQueues, {});
    const order = queues.filter((queue) => !queue.fallback).map((queue) => queue.id);
    const reordered = [urgent.id, ...order.filter((id) => id !== urgent.id)];
    const answer = await service.runtime.ask(queries.orderQueues, { queueIds: reordered });
    expect(answer.queues.map((queue) => queue.id)).toEqual([...reordered, DEFAULT_QUEUE_ID]);

    expect((await route(forNumber(number, { priority: 6 }))).queueId).toBe(urgent.id);
    // Below the urgent queue's priority: the next matching queue by order.
    expect((await route(forNumber(number, { priority: 4 }))).queueId).toBe(byNumber.id);
  });

  it('W2: a deactivated queue is skipped, and takes work again once reactivated', async () => {
    const number = newNumber();
    const first = queueRequest(`First ${number}`, { condition: companyIs(number) });
    const second = queueRequest(`Second ${number}`, { condition: companyIs(number) });
    await service.runtime.ask(queries.createQueue, first);
    await service.runtime.ask(queries.createQueue, second);
    expect((await route(forNumber(number))).queueId).toBe(first.id);

    await service.runtime.ask(queries.updateQueue, { id: first.id, active: false });
    expect((await route(forNumber(number))).queueId).toBe(second.id);
    await service.runtime.ask(queries.updateQueue, { id: second.id, active: false });
    expect((await route(forNumber(number))).queueId).toBe(DEFAULT_QUEUE_ID);

    await service.runtime.ask(queries.updateQueue, { id: first.id, active: true });
    expect((await route(forNumber(number))).queueId).toBe(first.id);
  });

  it('W2: a queue outside its schedule (in its own time zone) is skipped; within it, it takes the item', async () => {
    const timeZone = 'Asia/Kolkata';
    // Whole days, so the test does not depend on the hour; today and tomorrow there, so it
    // does not depend on midnight passing during it either.
    const near = [weekdayIn(timeZone), weekdayIn(timeZone, 1)];
    const far = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].filter((day) => !near.includes(day));
    const closed = { timeZone, windows: [{ days: far, from: '00:00', to: '24:00' }] };
    const open = { timeZone, windows: [{ days: near, from: '00:00', to: '24:00' }] };
    const number = newNumber();
    const scheduled = queueRequest(`Scheduled ${number}`, { condition: companyIs(number), schedule: closed });
    const always = queueRequest(`Always ${number}`, { condition: companyIs(number) });
    await service.runtime.ask(queries.createQueue, scheduled);
    await service.runtime.ask(queries.createQueue, always);

    expect((await route(forNumber(number))).queueId).toBe(always.id);
    const overview = await service.runtime.ask(queries.routingOverview, {});
    expect(overview.queues.find((queue) => queue.id === scheduled.id)).toMatchObject({
      active: true,
      open: false,
    });

    await service.runtime.ask(queries.updateQueue, { id: scheduled.id, schedule: open });
    expect((await route(forNumber(number))).queueId).toBe(scheduled.id);
  });

  it('W2: an item no queue matches goes to the fallback queue, and threadline_routing_unmatched_items_total counts it', async () => {
    const number = newNumber();
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(`Only ${number}`, { condition: companyIs(number) }),
    );
    const unmatched = () =>
      scrape(service.url, 'threadline_routing_unmatched_items_total', { queue: 'SMS support' });
    const before = await unmatched();

    const queued = await route(forNumber(newNumber()));
    expect(queued).toMatchObject({ queueId: DEFAULT_QUEUE_ID, queueName: 'SMS support', reason: 'new' });
    expect(await unmatched()).toBe(before + 1);

    // A matched item is not counted.
    await route(forNumber(number));
    expect(await unmatched()).toBe(before + 1);
  });

  /** Two members of a new queue: `roomy` with the default 4, `small` with 2 but idle longest. */
  async function twoMembers(rule: 'most_capacity' | 'last_assigned') {
    const [roomy, small] = [newAgent(), newAgent()];
    const number = newNumber();
    const queue = queueRequest(`Rule ${number}`, {
      condition: companyIs(number),
      assignmentRule: rule,
      members: [roomy, small],
    });
    await service.runtime.ask(queries.createQueue, queue);
    await service.runtime.ask(queries.setAgentCapacity, {
      agentId: small,
      universalCapacity: null,
      channels: { sms: 2 },
    });
    await db().query(
      `UPDATE agent SET last_assigned_at = CASE id WHEN $1 THEN now() - interval '1 minute'
                                                  ELSE now() - interval '1 hour' END
        WHERE id IN ($1, $2)`,
      [roomy, small],
    );
    await available(roomy);
    await available(small);
    return { roomy, small, number, queue };
  }

  it('W5: a most_capacity queue offers to the member with the most free capacity', async () => {
    const { roomy, small, number } = await twoMembers('most_capacity');
    const first = forNumber(number);
    await tap.publish(first);
    expect((await offerFor(first.data.interactionId)).data.agentId).toBe(roomy);
    // Three free against two: still the roomy one, though the other has waited longer.
    const second = forNumber(number);
    await tap.publish(second);
    expect((await offerFor(second.data.interactionId)).data.agentId).toBe(roomy);
    const third = forNumber(number);
    await tap.publish(third);
    // Two against two: the tie goes to whoever was idle longest.
    expect((await offerFor(third.data.interactionId)).data.agentId).toBe(small);
  });

  it('W5: a last_assigned queue offers to the member idle longest; switching the rule applies at once', async () => {
    const { roomy, small, number, queue } = await twoMembers('last_assigned');
    const first = forNumber(number);
    await tap.publish(first);
    expect((await offerFor(first.data.interactionId)).data.agentId).toBe(small);

    await service.runtime.ask(queries.updateQueue, { id: queue.id, assignmentRule: 'most_capacity' });
    const second = forNumber(number);
    await tap.publish(second);
    expect((await offerFor(second.data.interactionId)).data.agentId).toBe(roomy);
  });

  it('W7: an auto-assign queue assigns the item without an offer', async () => {
    const alice = newAgent();
    const number = newNumber();
    const queue = queueRequest(`Auto ${number}`, {
      condition: companyIs(number),
      autoAssign: true,
      members: [alice],
    });
    await service.runtime.ask(queries.createQueue, queue);
    await available(alice);
    const assignedBefore = await scrape(service.url, 'threadline_routing_offers_total', {
      queue: queue.name,
      outcome: 'auto_assigned',
    });

    const command = forNumber(number);
    await tap.publish(command);
    const [assigned] = await tap.waitFor(
      'routing.workitem.assigned.v1',
      (event) => event.data.interactionId === command.data.interactionId,
    );
    const item = await itemOf(command.data.interactionId);
    expect(assigned!.data).toEqual({
      workItemId: item!.id,
      interactionId: command.data.interactionId,
      agentId: alice,
    });
    expect(assigned!.causationId).toBe(command.id);
    expect(item).toMatchObject({ state: 'assigned', agent_id: alice, offer_count: 0 });
    expect(await offeredInOrder([command.data.interactionId])).toEqual([]);
    expect(
      await scrape(service.url, 'threadline_routing_offers_total', {
        queue: queue.name,
        outcome: 'auto_assigned',
      }),
    ).toBe(assignedBefore + 1);
    // It counts against her capacity like accepted work.
    expect((await available(alice)).load).toBe(1);
  });

  it('W8: higher priority first, then oldest first', async () => {
    const alice = newAgent();
    const number = newNumber();
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(`Priority ${number}`, {
        condition: companyIs(number),
        members: [alice],
      }),
    );
    await service.runtime.ask(queries.setAgentCapacity, {
      agentId: alice,
      universalCapacity: null,
      channels: { sms: 3 },
    });
    const [oldLow, oldHigh, newLow, newHigh] = [
      forNumber(number, { priority: 0 }),
      forNumber(number, { priority: 5 }),
      forNumber(number, { priority: 0 }),
      forNumber(number, { priority: 5 }),
    ];
    // One after the other, so each is older than the next.
    for (const command of [oldLow, oldHigh, newLow, newHigh]) await route(command);

    await available(alice);
    const ids = [oldLow, oldHigh, newLow, newHigh].map((command) => command.data.interactionId);
    // Offered in one dispatch pass (hers, or a periodic one that locked the items first).
    await eventually(async () =>
      expect((await offeredInOrder(ids)).map((row) => row.interaction_id)).toEqual([
        oldHigh.data.interactionId,
        newHigh.data.interactionId,
        oldLow.data.interactionId,
      ]),
    );
    expect(await itemOf(newLow.data.interactionId)).toMatchObject({ state: 'queued' });
  });

  it('W8: a rejected item keeps its enqueued_at, so it still comes before items that arrived after it', async () => {
    const [alice, bob] = [newAgent(), newAgent()];
    const number = newNumber();
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(`Age ${number}`, {
        condition: companyIs(number),
        members: [alice, bob],
      }),
    );
    for (const agentId of [alice, bob])
      await service.runtime.ask(queries.setAgentCapacity, {
        agentId,
        universalCapacity: null,
        channels: { sms: 1 },
      });
    const [x, y, z] = [forNumber(number), forNumber(number), forNumber(number)];
    const enqueuedAt = [];
    for (const command of [x, y, z]) enqueuedAt.push((await route(command)).enqueuedAt);

    await available(alice);
    const offer = await offerFor(x.data.interactionId);
    expect(offer.data.agentId).toBe(alice);
    const rejected = await service.runtime.ask(queries.rejectOffer, {
      workItemId: offer.data.workItemId,
      agentId: alice,
    });
    expect(rejected.queued.data).toMatchObject({ reason: 'offer_rejected', enqueuedAt: enqueuedAt[0] });
    // Alice turned x down, so she is offered y; x waits with its age, ahead of z.
    expect((await offerFor(y.data.interactionId)).data.agentId).toBe(alice);
    expect((await itemOf(x.data.interactionId))!.enqueued_at.toISOString()).toBe(enqueuedAt[0]);

    await available(bob);
    await eventually(async () => expect(await itemOf(x.data.interactionId)).toMatchObject({ agent_id: bob }));
    expect(await itemOf(z.data.interactionId)).toMatchObject({ state: 'queued' });
  });

  it("W6/W8: a queue's own offer timeout and timeout presence override the service's; a timed-out item keeps its enqueued_at", async () => {
    await service.runtime.ask(queries.putPresenceState, {
      name: 'missed',
      receivesWork: false,
      channels: null,
    });
    const [alice, bob] = [newAgent(), newAgent()];
    const [own, plain] = [newNumber(), newNumber()];
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(`Own timeout ${own}`, {
        condition: companyIs(own),
        offerTimeoutSeconds: 7,
        offerTimeoutPresence: 'missed',
        members: [alice],
      }),
    );
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(`Service timeout ${plain}`, {
        condition: companyIs(plain),
        members: [bob],
      }),
    );
    await available(alice);
    await available(bob);

    const [mine, theirs] = [forNumber(own), forNumber(plain)];
    const enqueuedAt = [(await route(mine)).enqueuedAt, (await route(theirs)).enqueuedAt];
    const offers = [await offerFor(mine.data.interactionId), await offerFor(theirs.data.interactionId)];
    const standsFor = offers.map(
      (offer) => (new Date(offer.data.expiresAt).getTime() - new Date(offer.occurredAt).getTime()) / 1_000,
    );
    expect(standsFor[0]).toBeCloseTo(7, 0);
    expect(standsFor[1]).toBeCloseTo(OFFER_TIMEOUT_SECONDS, 0);

    // Both deadlines pass now rather than in a minute.
    await db().query(
      `UPDATE work_item SET offer_expires_at = now() - interval '1 second' WHERE id = ANY ($1::uuid[])`,
      [offers.map((offer) => offer.data.workItemId)],
    );
    const requeued = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) =>
        offers.some((offer) => offer.data.workItemId === event.data.workItemId) &&
        event.data.reason === 'offer_expired',
      2,
    );
    expect(
      Object.fromEntries(requeued.map((event) => [event.data.interactionId, event.data.enqueuedAt])),
    ).toEqual({ [mine.data.interactionId]: enqueuedAt[0], [theirs.data.interactionId]: enqueuedAt[1] });
    expect(await presenceOf(alice)).toBe('missed');
    expect(await presenceOf(bob)).toBe('away');
    expect((await itemOf(mine.data.interactionId))!.enqueued_at.toISOString()).toBe(enqueuedAt[0]);
  });

  it('W6/W9: an agent a timeout moves to a state that receives no work gives back their other pending offers at once', async () => {
    await service.runtime.ask(queries.putPresenceState, {
      name: 'missed',
      receivesWork: false,
      channels: null,
    });
    const [alice, bob] = [newAgent(), newAgent()];
    const number = newNumber();
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(`Missed ${number}`, {
        condition: companyIs(number),
        offerTimeoutPresence: 'missed',
        members: [alice, bob],
      }),
    );
    await service.runtime.ask(queries.setAgentCapacity, {
      agentId: alice,
      universalCapacity: null,
      channels: { sms: 2 },
    });
    await available(alice);
    const [first, second] = [forNumber(number), forNumber(number)];
    for (const command of [first, second]) {
      await tap.publish(command);
      expect((await offerFor(command.data.interactionId)).data.agentId).toBe(alice);
    }
    await available(bob);

    // Only the first offer's deadline passes.
    await db().query(
      `UPDATE work_item SET offer_expires_at = now() - interval '1 second' WHERE interaction_id = $1`,
      [first.data.interactionId],
    );
    const reasons = async (command: ReturnType<typeof enqueue>) =>
      (
        await tap.waitFor(
          'routing.workitem.queued.v1',
          (event) => event.data.interactionId === command.data.interactionId && event.data.reason !== 'new',
        )
      ).map((event) => event.data.reason);
    expect(await reasons(first)).toEqual(['offer_expired']);
    expect(await reasons(second)).toEqual(['agent_unavailable']);
    expect(await presenceOf(alice)).toBe('missed');
    await eventually(async () => {
      expect(await itemOf(first.data.interactionId)).toMatchObject({ state: 'offered', agent_id: bob });
      expect(await itemOf(second.data.interactionId)).toMatchObject({ state: 'offered', agent_id: bob });
    });
  });

  it("metrics: a queue's depth and oldest wait are read at scrape time, and offers, accepts and rejects are counted per queue", async () => {
    const number = newNumber();
    const [alice, bob] = [newAgent(), newAgent()];
    const name = `Metrics ${number}`;
    await service.runtime.ask(
      queries.createQueue,
      queueRequest(name, { condition: companyIs(number), members: [alice, bob] }),
    );
    const counted = (outcome: string) =>
      scrape(service.url, 'threadline_routing_offers_total', { queue: name, outcome });

    // Two items wait with nobody present: the queue is two deep, the older one's age is its oldest wait.
    const first = forNumber(number);
    const second = forNumber(number);
    await route(first);
    await route(second);
    expect(await scrape(service.url, 'threadline_routing_queue_depth', { queue: name })).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(
      await scrape(service.url, 'threadline_routing_queue_oldest_waiting_seconds', { queue: name }),
    ).toBeGreaterThanOrEqual(1);

    // Alice comes: both are offered to her; she accepts one and rejects the other, which goes to bob.
    await available(alice);
    const offerOne = await offerFor(first.data.interactionId);
    const offerTwo = await offerFor(second.data.interactionId);
    // A scrape reuses a read of the last tenth of a second; the next one sees both offered.
    await eventually(async () => {
      expect(await scrape(service.url, 'threadline_routing_queue_depth', { queue: name })).toBe(0);
      expect(
        await scrape(service.url, 'threadline_routing_queue_oldest_waiting_seconds', { queue: name }),
      ).toBe(0);
    });
    await service.runtime.ask(queries.acceptOffer, { workItemId: offerOne.data.workItemId, agentId: alice });
    await service.runtime.ask(queries.rejectOffer, { workItemId: offerTwo.data.workItemId, agentId: alice });
    expect(await counted('offered')).toBe(2);
    expect(await counted('accepted')).toBe(1);
    expect(await counted('rejected')).toBe(1);
    await available(bob);
    await eventually(async () => expect(await counted('offered')).toBe(3));
  });
});
