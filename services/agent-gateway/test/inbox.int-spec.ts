import { createEnvelope, queries } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  COMPANY,
  conversationCreated,
  inboundMessage,
  offerCreated,
  REQUESTER,
  workItemAssigned,
} from './support/events';
import { ALICE, BOB, call, handled, login, publish, seedAgents, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';
import { AgentSocket, withData } from './support/sockets';

const inboxItems = z.object({
  items: z.array(z.object({ offeredAt: z.string(), waitingSinceMs: z.number() })),
});

/** Routing as far as offers go: who each work item is offered to, and whether it was taken. */
async function fakeRouting(
  owners: FakeOwners,
  offers: Map<string, { interactionId: string; agentId: string; accepted: boolean }>,
) {
  await owners.answer(queries.acceptOffer, ({ workItemId, agentId }) => {
    const offer = offers.get(workItemId);
    if (!offer) return Promise.reject(new AppError('OFFER_NOT_FOUND', 404, `no offer ${workItemId}`));
    if (offer.agentId !== agentId)
      return Promise.reject(new AppError('OFFER_NOT_YOURS', 409, 'offered to another agent'));
    if (offer.accepted)
      return Promise.reject(new AppError('OFFER_ALREADY_ACCEPTED', 409, 'already accepted'));
    offer.accepted = true;
    return Promise.resolve({
      workItemId,
      interactionId: offer.interactionId,
      agentId,
      assignedEvent: { eventId: uuidv7(), occurredAt: new Date().toISOString() },
    });
  });
  // Interaction applies the assignment when the gateway asks, and answers the event it committed.
  await owners.answer(queries.recordAssignment, ({ interactionId, agentId }) =>
    Promise.resolve({
      interactionId,
      state: 'work_in_progress' as const,
      assigneeId: agentId,
      stateChanged: {
        eventId: uuidv7(),
        occurredAt: new Date().toISOString(),
        data: {
          interactionId,
          from: 'new' as const,
          to: 'work_in_progress' as const,
          assigneeId: agentId,
          cause: 'routing_assigned' as const,
          actor: { kind: 'system' as const, id: null },
        },
      },
    }),
  );
}

describe('Inbox: offers to accept', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let aliceToken: string;
  let bobToken: string;
  let alice: AgentSocket;
  let bob: AgentSocket;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    [aliceToken, bobToken] = await Promise.all([login(service, 'alice'), login(service, 'bob')]);
    [alice, bob] = await Promise.all([
      AgentSocket.open(service.url, aliceToken),
      AgentSocket.open(service.url, bobToken),
    ]);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it('I1: lists an offer with requester, company number, first message and waiting time', async () => {
    const interactionId = uuidv7();
    const openedAt = new Date(Date.now() - 90_000);
    await publish(service, conversationCreated(interactionId, {}, openedAt));
    await publish(service, inboundMessage(interactionId, 'My parcel never arrived', openedAt, 1));
    const offer = offerCreated(interactionId, ALICE.id);
    await publish(service, offer);

    const entry = await eventually(async () => {
      const answer = await call(service, 'GET', '/inbox/offers', { token: aliceToken });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        items: [
          {
            workItemId: offer.data.workItemId,
            interactionId,
            requesterAddress: REQUESTER,
            companyAddress: COMPANY,
            firstMessage: 'My parcel never arrived',
            expiresAt: offer.data.expiresAt,
          },
        ],
      });
      return answer.body;
    });
    const [listed] = inboxItems.parse(entry).items;
    expect(listed?.offeredAt).toBe(offer.occurredAt);
    // Waiting since the conversation opened, 90 s before the test looked.
    expect(listed?.waitingSinceMs).toBeGreaterThanOrEqual(90_000);
    expect(listed?.waitingSinceMs).toBeLessThan(150_000);
    expect(await call(service, 'GET', '/inbox/offers', { token: bobToken })).toEqual({
      status: 200,
      body: { items: [] },
    });
  });

  it('I1: pushes a new offer to the socket of the agent it is for, and to nobody else', async () => {
    const forAlice = offerCreated(uuidv7(), ALICE.id);
    await publish(service, forAlice);
    const pushed = await alice.next('offer.created', withData({ workItemId: forAlice.data.workItemId }));
    expect(pushed.data).toMatchObject({
      interactionId: forAlice.data.interactionId,
      expiresAt: forAlice.data.expiresAt,
    });

    // Pushes go out in the order they are published: once Bob has his own, any of Alice's would be there too.
    const forBob = offerCreated(uuidv7(), BOB.id);
    await publish(service, forBob);
    await bob.next('offer.created', withData({ workItemId: forBob.data.workItemId }));
    expect(bob.received('offer.created', withData({ workItemId: forAlice.data.workItemId }))).toEqual([]);
    expect(alice.received('offer.created', withData({ workItemId: forBob.data.workItemId }))).toEqual([]);
  });

  it('I1: pushes the offer again, whole, once its requester and first message arrive after it', async () => {
    // Routing's offer can overtake the interaction's events: the first push has no details yet.
    const interactionId = uuidv7();
    const offer = offerCreated(interactionId, ALICE.id);
    await publish(service, offer);
    const bare = await alice.next('offer.created', withData({ workItemId: offer.data.workItemId }));
    expect(bare.data).toMatchObject({ requesterAddress: null, firstMessage: null });

    await publish(service, conversationCreated(interactionId));
    await alice.next(
      'offer.created',
      withData({ workItemId: offer.data.workItemId, requesterAddress: REQUESTER, firstMessage: null }),
    );
    await publish(service, inboundMessage(interactionId, 'Where is my refund?', new Date(), 1));
    const whole = await alice.next(
      'offer.created',
      withData({ workItemId: offer.data.workItemId, firstMessage: 'Where is my refund?' }),
    );
    expect(whole.data).toMatchObject({ interactionId, requesterAddress: REQUESTER, companyAddress: COMPANY });

    // A later message changes nothing the entry shows: no third copy of it.
    await publish(service, inboundMessage(interactionId, 'Hello?', new Date(), 2));
    await alice.next('message.appended', withData({ interactionId, message: { body: 'Hello?' } }));
    const pushes = alice.received('offer.created', withData({ workItemId: offer.data.workItemId }));
    expect(pushes).toHaveLength(3);
    expect(bob.received('offer.created', withData({ workItemId: offer.data.workItemId }))).toEqual([]);
  });

  it('I1: leaves out an offer that has expired', async () => {
    const expired = offerCreated(uuidv7(), ALICE.id, uuidv7(), new Date(Date.now() - 1_000));
    await publish(service, expired);
    await eventually(async () => expect(await handled(service, [expired.id])).toBe(true));
    const answer = await call(service, 'GET', '/inbox/offers', { token: aliceToken });
    expect(JSON.stringify(answer.body)).not.toContain(expired.data.workItemId);
  });

  describe('accepting', () => {
    const offers = new Map<string, { interactionId: string; agentId: string; accepted: boolean }>();
    const accept = (workItemId: string, token: string) =>
      call(service, 'POST', `/offers/${workItemId}/accept`, { token });

    it('W6: accepts my offer through routing and answers with the assignment', async () => {
      await fakeRouting(owners, offers);
      const workItemId = uuidv7();
      const interactionId = uuidv7();
      offers.set(workItemId, { interactionId, agentId: ALICE.id, accepted: false });
      expect(await accept(workItemId, aliceToken)).toEqual({
        status: 200,
        body: { workItemId, interactionId, agentId: ALICE.id },
      });
      expect(owners.asked).toEqual([
        { subject: 'routing.offer.accept.v1', request: { workItemId, agentId: ALICE.id } },
        {
          subject: 'interaction.conversation.record-assignment.v1',
          request: { interactionId, workItemId, agentId: ALICE.id },
        },
      ]);
      // Read your own writes: the conversation is in my Ongoing the moment the accept answered.
      const ongoing = await call(service, 'GET', '/interactions/ongoing', { token: aliceToken });
      expect(JSON.stringify(ongoing.body)).toContain(interactionId);
    });

    it('answers 409 OFFER_ALREADY_ACCEPTED when I accept the same offer twice', async () => {
      await fakeRouting(owners, offers);
      const workItemId = uuidv7();
      offers.set(workItemId, { interactionId: uuidv7(), agentId: ALICE.id, accepted: false });
      expect((await accept(workItemId, aliceToken)).status).toBe(200);
      expect(await accept(workItemId, aliceToken)).toEqual({
        status: 409,
        body: { error: { code: 'OFFER_ALREADY_ACCEPTED', message: 'already accepted' } },
      });
    });

    it('answers 409 OFFER_NOT_YOURS for an offer made to someone else', async () => {
      await fakeRouting(owners, offers);
      const workItemId = uuidv7();
      offers.set(workItemId, { interactionId: uuidv7(), agentId: ALICE.id, accepted: false });
      expect(await accept(workItemId, bobToken)).toMatchObject({
        status: 409,
        body: { error: { code: 'OFFER_NOT_YOURS' } },
      });
    });

    it('answers 404 OFFER_NOT_FOUND for an offer routing does not know', async () => {
      await fakeRouting(owners, offers);
      expect(await accept(uuidv7(), aliceToken)).toMatchObject({
        status: 404,
        body: { error: { code: 'OFFER_NOT_FOUND' } },
      });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while routing is down', async () => {
      expect(await accept(uuidv7(), aliceToken)).toMatchObject({
        status: 503,
        body: {
          error: {
            code: 'DEPENDENCY_UNAVAILABLE',
            details: { dependency: 'routing', reason: 'QUERY_NO_RESPONDERS' },
          },
        },
      });
    });

    it('refuses a work item id that is not a uuid with 400, without asking routing', async () => {
      await fakeRouting(owners, offers);
      expect(await accept('42', aliceToken)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(owners.asked).toEqual([]);
    });

    it('I1/I2: once routing assigns it, the offer leaves my Inbox and the conversation joins my Ongoing', async () => {
      const interactionId = uuidv7();
      const offer = offerCreated(interactionId, ALICE.id);
      await publish(service, conversationCreated(interactionId));
      await publish(service, offer);
      await eventually(async () =>
        expect(
          JSON.stringify((await call(service, 'GET', '/inbox/offers', { token: aliceToken })).body),
        ).toContain(offer.data.workItemId),
      );

      await publish(service, workItemAssigned(interactionId, ALICE.id, offer.data.workItemId));
      await alice.next('interaction.updated', withData({ interactionId, assigneeId: ALICE.id }));
      const inbox = await call(service, 'GET', '/inbox/offers', { token: aliceToken });
      expect(JSON.stringify(inbox.body)).not.toContain(offer.data.workItemId);
      const ongoing = await call(service, 'GET', '/interactions/ongoing', { token: aliceToken });
      expect(ongoing.body).toMatchObject({
        items: expect.arrayContaining([expect.objectContaining({ interactionId })]),
      });
    });
  });

  describe('rejecting (W6)', () => {
    const reject = (workItemId: string, token: string, body?: unknown) =>
      call(service, 'POST', `/offers/${workItemId}/reject`, { token, body });

    /** Routing as far as rejecting goes: the item waits again, and the answer names that event. */
    async function fakeRejecting(refusal?: AppError) {
      await owners.answer(queries.rejectOffer, ({ workItemId }) => {
        if (refusal) return Promise.reject(refusal);
        const interactionId = rejectable.get(workItemId)!;
        return Promise.resolve({
          workItemId,
          interactionId,
          queued: {
            eventId: uuidv7(),
            occurredAt: new Date().toISOString(),
            data: {
              workItemId,
              interactionId,
              queueId: uuidv7(),
              queueName: 'SMS support',
              priority: 0,
              reason: 'offer_rejected' as const,
              enqueuedAt: new Date().toISOString(),
            },
          },
        });
      });
    }
    const rejectable = new Map<string, string>();

    it("W6: my rejected offer leaves my Inbox in the answer's wake, with offer.withdrawn on my socket", async () => {
      const interactionId = uuidv7();
      const offer = offerCreated(interactionId, ALICE.id);
      await publish(service, conversationCreated(interactionId));
      await publish(service, offer);
      await alice.next('offer.created', withData({ workItemId: offer.data.workItemId }));
      rejectable.set(offer.data.workItemId, interactionId);
      await fakeRejecting();

      expect(await reject(offer.data.workItemId, aliceToken, { reason: 'not my area' })).toEqual({
        status: 200,
        body: { workItemId: offer.data.workItemId, interactionId },
      });
      expect(owners.asked).toEqual([
        {
          subject: 'routing.offer.reject.v1',
          request: { workItemId: offer.data.workItemId, agentId: ALICE.id, reason: 'not my area' },
        },
      ]);
      const inbox = await call(service, 'GET', '/inbox/offers', { token: aliceToken });
      expect(JSON.stringify(inbox.body)).not.toContain(offer.data.workItemId);
      await alice.next('offer.withdrawn', withData({ workItemId: offer.data.workItemId }));
    });

    it('W6: alice learns her offer is gone when the next offer (to bob) arrives before the requeue, and only once', async () => {
      const interactionId = uuidv7();
      const toAlice = offerCreated(interactionId, ALICE.id);
      const { workItemId } = toAlice.data;
      await publish(service, conversationCreated(interactionId));
      await publish(service, toAlice);
      await alice.next('offer.created', withData({ workItemId }));
      // Routing requeued and offered to bob at once; the offer is projected first.
      const requeue = createEnvelope(
        'routing.workitem.queued.v1',
        {
          workItemId,
          interactionId,
          queueId: uuidv7(),
          queueName: 'SMS support',
          priority: 0,
          reason: 'offer_rejected',
          enqueuedAt: new Date().toISOString(),
        },
        { correlationId: interactionId },
      );
      const toBob = offerCreated(interactionId, BOB.id, workItemId);
      await publish(service, toBob);
      await bob.next('offer.created', withData({ workItemId }));
      await alice.next('offer.withdrawn', withData({ workItemId }));
      await publish(service, requeue);
      await eventually(async () => expect(await handled(service, [requeue.id])).toBe(true));

      expect(alice.received('offer.withdrawn', withData({ workItemId }))).toHaveLength(1);
      expect(bob.received('offer.withdrawn', withData({ workItemId }))).toHaveLength(0);
      const bobInbox = await call(service, 'GET', '/inbox/offers', { token: bobToken });
      expect(JSON.stringify(bobInbox.body)).toContain(workItemId);
      const aliceInbox = await call(service, 'GET', '/inbox/offers', { token: aliceToken });
      expect(JSON.stringify(aliceInbox.body)).not.toContain(workItemId);
    });

    it("W6: passes routing's OFFER_EXPIRED on as 409", async () => {
      await fakeRejecting(new AppError('OFFER_EXPIRED', 409, 'the offer expired'));
      expect(await reject(uuidv7(), aliceToken)).toMatchObject({
        status: 409,
        body: { error: { code: 'OFFER_EXPIRED' } },
      });
    });

    it('refuses an empty reason with 400, without asking routing', async () => {
      await fakeRejecting();
      expect(await reject(uuidv7(), aliceToken, { reason: '  ' })).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
      expect(owners.asked).toEqual([]);
    });
  });
});
