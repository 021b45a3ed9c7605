// SPEC W6 against the real servers: an offer is accepted, rejected, or times out. Two routing
// replicas share one schema, so a timeout is taken back once, by either of them.
import { queries } from '@threadline/contracts';
import { createDataSource, type RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { routingService } from '../src/routing.service';
import { enqueue } from './support';

/** Short enough to watch it run out in a test, long enough to accept or reject in time. */
const OFFER_TIMEOUT_SECONDS = 2;

describe('routing: offers are accepted, rejected or time out (SPEC W6)', () => {
  let environment: IsolatedEnvironment;
  let first: RunningService;
  let second: RunningService;
  let tap: MessageTap;
  let agentCounter = 0;

  const db = () => first.runtime.dataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    const settings = {
      ROUTING_DEFAULT_CAPACITY: '1',
      ROUTING_OFFER_TIMEOUT_SECONDS: String(OFFER_TIMEOUT_SECONDS),
      ROUTING_OFFER_SWEEP_MS: '100',
    };
    first = await bootService(routingService, environment, settings);
    second = await bootService(routingService, environment, settings);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'routing.offer.created.v1',
      'routing.workitem.queued.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await second?.stop();
    await first?.stop();
    await environment?.dispose();
  });

  beforeEach(async () => {
    await db().query(`UPDATE agent SET presence = 'offline'`);
    await db().query(
      `UPDATE work_item SET state = 'closed', agent_id = NULL, offer_expires_at = NULL, closed_at = now()`,
    );
  });

  const newAgent = () => `offer-agent-${String(++agentCounter).padStart(3, '0')}`;
  const available = (agentId: string) =>
    first.runtime.ask(queries.setAgentPresence, { agentId, presence: 'available' });

  function offersOf(interactionId: string) {
    return tap
      .events('routing.offer.created.v1')
      .filter((event) => event.data.interactionId === interactionId);
  }

  async function firstOffer(interactionId: string) {
    const [offer] = await tap.waitFor(
      'routing.offer.created.v1',
      (event) => event.data.interactionId === interactionId,
    );
    return offer!;
  }

  async function itemOf(interactionId: string) {
    const [row] = await db().query<
      Array<{
        id: string;
        state: string;
        agent_id: string | null;
        offer_count: number;
        rejected_by: string[];
      }>
    >(
      `SELECT id, state, agent_id, offer_count, rejected_by FROM work_item WHERE interaction_id = $1
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

  it('W6: a rejected offer goes back to the queue, not to the agent who rejected it, and on to another agent', async () => {
    const alice = newAgent();
    const bob = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await firstOffer(command.data.interactionId);
    expect(offer.data.agentId).toBe(alice);
    await available(bob);

    const rejected = await second.runtime.ask(queries.rejectOffer, {
      workItemId: offer.data.workItemId,
      agentId: alice,
      reason: 'not my language',
    });
    expect(rejected.queued.data).toMatchObject({
      workItemId: offer.data.workItemId,
      reason: 'offer_rejected',
    });
    // Offered again at once, to bob: alice said no to it.
    await eventually(() => {
      const offers = offersOf(command.data.interactionId);
      expect(offers.map((event) => event.data.agentId)).toEqual([alice, bob]);
    });
    expect(await itemOf(command.data.interactionId)).toMatchObject({
      state: 'offered',
      agent_id: bob,
      offer_count: 2,
      rejected_by: [alice],
    });
    // Alice stays available: rejecting is not timing out.
    expect(await presenceOf(alice)).toBe('available');
  });

  it('W6: only the offered agent may reject, and not twice, nor once accepted', async () => {
    const alice = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await firstOffer(command.data.interactionId);
    const request = { workItemId: offer.data.workItemId, agentId: alice };
    await expect(
      first.runtime.ask(queries.rejectOffer, { ...request, agentId: newAgent() }),
    ).rejects.toMatchObject({ code: 'OFFER_NOT_YOURS', status: 409 });
    await first.runtime.ask(queries.acceptOffer, request);
    await expect(first.runtime.ask(queries.rejectOffer, request)).rejects.toMatchObject({
      code: 'OFFER_ALREADY_ACCEPTED',
      status: 409,
    });
    await expect(
      first.runtime.ask(queries.rejectOffer, { workItemId: uuidv7(), agentId: alice }),
    ).rejects.toMatchObject({ code: 'OFFER_NOT_FOUND', status: 404 });
  });

  it('W6: an offer nobody answers goes back to the queue after its timeout, once, and the agent moves to away', async () => {
    const alice = newAgent();
    const bob = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await firstOffer(command.data.interactionId);
    expect(offer.data.agentId).toBe(alice);
    const deadline = new Date(offer.data.expiresAt).getTime();
    await available(bob);

    // Within a second of the deadline it is bob's (alice is away now and excluded anyway).
    const [requeued] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.workItemId === offer.data.workItemId && event.data.reason === 'offer_expired',
      1,
      { timeoutMs: (OFFER_TIMEOUT_SECONDS + 5) * 1_000 },
    );
    expect(new Date(requeued!.occurredAt).getTime() - deadline).toBeLessThan(1_000);
    await eventually(() =>
      expect(offersOf(command.data.interactionId).map((event) => event.data.agentId)).toEqual([alice, bob]),
    );
    expect(await presenceOf(alice)).toBe('away');
    // Two replicas sweep: the expiry was taken back by exactly one of them.
    const expiries = tap
      .events('routing.workitem.queued.v1')
      .filter(
        (event) => event.data.workItemId === offer.data.workItemId && event.data.reason === 'offer_expired',
      );
    expect(expiries).toHaveLength(1);

    // Alice answering late is refused, and changes nothing.
    await expect(
      first.runtime.ask(queries.acceptOffer, { workItemId: offer.data.workItemId, agentId: alice }),
    ).rejects.toMatchObject({ code: 'OFFER_NOT_YOURS' });
  });

  it('W6: accepting after the deadline, before routing took it back, is OFFER_EXPIRED', async () => {
    const alice = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await firstOffer(command.data.interactionId);
    // The deadline passes in a transaction that still holds the item: the accept queues behind it
    // (holding alice's row), and the sweepers, which lock the agent first, queue behind the accept.
    // So the accept is answered before any sweep can take the item back, whatever the timing.
    const deadlinePassing = db().createQueryRunner();
    await deadlinePassing.connect();
    await deadlinePassing.startTransaction();
    await deadlinePassing.query(
      `UPDATE work_item SET offer_expires_at = now() - interval '1 second' WHERE id = $1`,
      [offer.data.workItemId],
    );
    const answer = first.runtime
      .ask(queries.acceptOffer, { workItemId: offer.data.workItemId, agentId: alice })
      .then(
        () => null,
        (error: unknown) => error,
      );
    await eventually(async () => {
      const [waiting] = await db().query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT % FROM work_item WHERE id = $1 FOR UPDATE'`,
      );
      expect(waiting!.count).toBe(1);
    });
    await deadlinePassing.commitTransaction();
    await deadlinePassing.release();
    expect(await answer).toMatchObject({ code: 'OFFER_EXPIRED', status: 409 });
    await eventually(async () =>
      expect(await itemOf(command.data.interactionId)).toMatchObject({ state: 'queued', agent_id: null }),
    );
  });

  it('W9: an agent going offline with an offer pending: the offer goes back to the queue and on; held work stays', async () => {
    const alice = newAgent();
    const bob = newAgent();
    await available(alice);
    const held = enqueue();
    await tap.publish(held);
    const heldOffer = await firstOffer(held.data.interactionId);
    await first.runtime.ask(queries.acceptOffer, { workItemId: heldOffer.data.workItemId, agentId: alice });
    // Capacity 1 is full; put the held one on hold so a second offer can come (W4).
    await db().query(`UPDATE work_item SET held = true WHERE id = $1`, [heldOffer.data.workItemId]);
    const pending = enqueue();
    await tap.publish(pending);
    const pendingOffer = await firstOffer(pending.data.interactionId);
    expect(pendingOffer.data.agentId).toBe(alice);
    await available(bob);

    await first.runtime.ask(queries.setAgentPresence, { agentId: alice, presence: 'offline' });
    const [requeued] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) =>
        event.data.workItemId === pendingOffer.data.workItemId && event.data.reason === 'agent_unavailable',
    );
    expect(requeued!.data.interactionId).toBe(pending.data.interactionId);
    await eventually(() =>
      expect(offersOf(pending.data.interactionId).map((event) => event.data.agentId)).toEqual([alice, bob]),
    );
    // What alice holds stays hers (reassignment on unavailability is not on).
    expect(await itemOf(held.data.interactionId)).toMatchObject({ state: 'assigned', agent_id: alice });
  });

  it('W6/W9: an offer timing out moves the agent to away and gives back their other pending offers at once', async () => {
    // Found by the two-replica property test: the timeout moved the agent to away but left their
    // later offer standing, for an agent who receives no work, until its own deadline.
    const alice = newAgent();
    await available(alice);
    await first.runtime.ask(queries.setAgentCapacity, {
      agentId: alice,
      universalCapacity: null,
      channels: { sms: 2 },
    });
    const early = enqueue();
    await tap.publish(early);
    const earlyOffer = await firstOffer(early.data.interactionId);
    // A second later, so it still stands when the first one runs out.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const late = enqueue();
    await tap.publish(late);
    const lateOffer = await firstOffer(late.data.interactionId);
    expect([earlyOffer.data.agentId, lateOffer.data.agentId]).toEqual([alice, alice]);

    const waitLong = { timeoutMs: (OFFER_TIMEOUT_SECONDS + 5) * 1_000 };
    const [expired] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) =>
        event.data.workItemId === earlyOffer.data.workItemId && event.data.reason === 'offer_expired',
      1,
      waitLong,
    );
    const [givenBack] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.workItemId === lateOffer.data.workItemId && event.data.reason !== 'new',
      1,
      waitLong,
    );
    expect(givenBack!.data.reason).toBe('agent_unavailable');
    expect(givenBack!.causationId).toBe(expired!.id);
    expect(new Date(givenBack!.occurredAt).getTime()).toBeLessThan(
      new Date(lateOffer.data.expiresAt).getTime(),
    );
    expect(await presenceOf(alice)).toBe('away');
    expect(await itemOf(late.data.interactionId)).toMatchObject({ state: 'queued', agent_id: null });
  });

  it('W6: an offer that expired while routing was down is taken back when it starts again', async () => {
    const alice = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await firstOffer(command.data.interactionId);
    await second.stop();
    await first.stop();
    // Its deadline passes while no routing runs.
    const direct = createDataSource({
      url: environment.databaseUrl,
      schema: routingService.schema,
      poolSize: 1,
      applicationName: 'routing-offers-test',
      migrations: [],
    });
    await direct.initialize();
    try {
      await direct.query(
        `UPDATE work_item SET offer_expires_at = now() - interval '1 second' WHERE id = $1`,
        [offer.data.workItemId],
      );
    } finally {
      await direct.destroy();
    }
    first = await bootService(routingService, environment, {
      ROUTING_DEFAULT_CAPACITY: '1',
      ROUTING_OFFER_TIMEOUT_SECONDS: String(OFFER_TIMEOUT_SECONDS),
      ROUTING_OFFER_SWEEP_MS: '100',
    });
    second = await bootService(routingService, environment, {
      ROUTING_DEFAULT_CAPACITY: '1',
      ROUTING_OFFER_TIMEOUT_SECONDS: String(OFFER_TIMEOUT_SECONDS),
      ROUTING_OFFER_SWEEP_MS: '100',
    });
    await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.workItemId === offer.data.workItemId && event.data.reason === 'offer_expired',
    );
    expect(await itemOf(command.data.interactionId)).toMatchObject({ state: 'queued', agent_id: null });
    expect(await presenceOf(alice)).toBe('away');
  });
});
