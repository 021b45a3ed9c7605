import {
  createEnvelope,
  type EnvelopeOf,
  queries,
  type RequestOf,
  type Subject,
} from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { assignedConversation, offerCreated, workItemAssigned } from './support/events';
import {
  ALICE,
  BOB,
  call,
  handled,
  login,
  MARIA,
  publish,
  seedAgents,
  startGateway,
} from './support/gateway';
import { FakeOwners } from './support/owners';
import { workItemQueued } from './support/supervision-events';

type ChangeState = RequestOf<typeof queries.changeState>;

const SALES = '01970000-0000-7000-8000-0000000005a1';
const ARCHIVE = '01970000-0000-7000-8000-0000000005a2';
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
const ids = (body: unknown) =>
  z
    .object({ items: z.array(z.object({ interactionId: z.string() })) })
    .parse(body)
    .items.map((item) => item.interactionId);

/** A queue as routing's listQueues answers it. */
function queue(id: string, name: string, active: boolean) {
  return {
    id,
    name,
    active,
    position: 1,
    fallback: false,
    condition: null,
    conditionText: null,
    schedule: null,
    assignmentRule: 'most_capacity' as const,
    autoAssign: false,
    offerTimeoutSeconds: null,
    offerTimeoutPresence: null,
    members: [],
    updatedAt: new Date().toISOString(),
  };
}

describe('W10: transferring a conversation (POST /interactions/{id}/transfer)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let aliceToken: string;
  let bobToken: string;
  let mariaToken: string;

  async function publishAll(envelopes: Array<EnvelopeOf<Subject>>): Promise<void> {
    for (const envelope of envelopes) await publish(service, envelope);
    await eventually(async () =>
      expect(
        await handled(
          service,
          envelopes.map((e) => e.id),
        ),
      ).toBe(true),
    );
  }

  const transfer = (interactionId: string, body: unknown, token = aliceToken) =>
    call(service, 'POST', `/interactions/${interactionId}/transfer`, { token, body });
  const ongoing = async (token: string) =>
    ids((await call(service, 'GET', '/interactions/ongoing', { token })).body);

  /** Interaction as it answers a transfer: the conversation is nobody's, and the change it committed. */
  async function fakeInteraction(): Promise<void> {
    await owners.answer(queries.changeState, (request: ChangeState) =>
      Promise.resolve({
        interactionId: request.interactionId,
        state: 'new' as const,
        assigneeId: null,
        stateChanged: {
          eventId: uuidv7(),
          occurredAt: new Date().toISOString(),
          data: {
            interactionId: request.interactionId,
            from: 'work_in_progress' as const,
            to: 'new' as const,
            assigneeId: null,
            cause: 'transferred' as const,
            actor: { kind: 'agent' as const, id: request.actor.id },
          },
        },
      }),
    );
  }

  async function fakeRouting(): Promise<void> {
    await owners.answer(queries.listQueues, () =>
      Promise.resolve({ queues: [queue(SALES, 'Sales', true), queue(ARCHIVE, 'Archive', false)] }),
    );
  }

  /** A conversation Alice accepted (offer, assignment, state change), as the read models know it. */
  async function alicesConversation(): Promise<{ interactionId: string; workItemId: string }> {
    const interactionId = uuidv7();
    const workItemId = uuidv7();
    await publishAll([
      ...assignedConversation(interactionId, ALICE.id, 'Where is my refund?', secondsAgo(30), 1),
      offerCreated(interactionId, ALICE.id, workItemId),
      workItemAssigned(interactionId, ALICE.id, workItemId),
    ]);
    return { interactionId, workItemId };
  }

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    [aliceToken, bobToken, mariaToken] = await Promise.all([
      login(service, 'alice'),
      login(service, 'bob'),
      login(service, 'maria'),
    ]);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  it('W10, S1: forwards a transfer to an agent, note and all, and it leaves my Ongoing at once', async () => {
    await fakeInteraction();
    const { interactionId } = await alicesConversation();
    expect(await ongoing(aliceToken)).toContain(interactionId);

    const answer = await transfer(interactionId, { agentId: BOB.id, note: 'Billing question' });
    expect(answer).toEqual({
      status: 200,
      body: expect.objectContaining({ interactionId, state: 'new', assigneeId: null }),
    });
    expect(owners.asked).toEqual([
      {
        subject: queries.changeState.subject,
        request: {
          interactionId,
          actor: { id: ALICE.id, role: 'agent' },
          command: { type: 'transfer', to: { agentId: BOB.id }, note: 'Billing question' },
        },
      },
    ]);
    // Read your own writes: the answer's state change is projected before the answer.
    expect(await ongoing(aliceToken)).not.toContain(interactionId);
  });

  it('W10: forwards a manager’s transfer to a queue routing has and routes to', async () => {
    await fakeInteraction();
    await fakeRouting();
    const { interactionId } = await alicesConversation();
    const answer = await transfer(interactionId, { queueId: SALES }, mariaToken);
    expect(answer.status).toBe(200);
    expect(owners.asked).toEqual([
      { subject: queries.listQueues.subject, request: {} },
      {
        subject: queries.changeState.subject,
        request: {
          interactionId,
          actor: { id: MARIA.id, role: 'manager' },
          command: { type: 'transfer', to: { queueId: SALES } },
        },
      },
    ]);
  });

  it.each([
    ['to myself', { agentId: ALICE.id }, 400, 'TRANSFER_TO_SELF'],
    ['to an agent with no account', { agentId: uuidv7() }, 404, 'TRANSFER_TARGET_NOT_FOUND'],
    ['with an agent id that is not a uuid', { agentId: 'bob' }, 400, 'VALIDATION_FAILED'],
    ['to a queue routing does not have', { queueId: uuidv7() }, 404, 'TRANSFER_TARGET_NOT_FOUND'],
    ['to a queue that is switched off', { queueId: ARCHIVE }, 409, 'TRANSFER_QUEUE_INACTIVE'],
    ['to both a queue and an agent', { queueId: SALES, agentId: BOB.id }, 400, 'VALIDATION_FAILED'],
    ['to nowhere', { note: 'anyone?' }, 400, 'VALIDATION_FAILED'],
    ['with a queue id that is not a uuid', { queueId: 'sales' }, 400, 'VALIDATION_FAILED'],
    ['with an empty note', { agentId: BOB.id, note: '  ' }, 400, 'VALIDATION_FAILED'],
    ['with a field it does not know', { agentId: BOB.id, priority: 5 }, 400, 'VALIDATION_FAILED'],
  ])('refuses a transfer %s without asking interaction', async (_what, body, status, code) => {
    await fakeInteraction();
    await fakeRouting();
    const { interactionId } = await alicesConversation();
    expect(await transfer(interactionId, body)).toMatchObject({ status, body: { error: { code } } });
    expect(owners.asked.filter((asked) => asked.subject === queries.changeState.subject)).toEqual([]);
    expect(await ongoing(aliceToken)).toContain(interactionId);
  });

  it('refuses an interaction id that is not a uuid with 400', async () => {
    expect(await transfer('not-a-uuid', { agentId: BOB.id })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
  });

  it.each([
    ['NOT_ASSIGNEE', 403],
    ['INVALID_TRANSITION', 409],
    ['INTERACTION_CLOSED', 409],
    ['INTERACTION_NOT_FOUND', 404],
  ])(
    'passes on interaction’s %s as %d (who may transfer is interaction’s decision)',
    async (code, status) => {
      await owners.answer(queries.changeState, () =>
        Promise.reject(new AppError(code, status, `refused: ${code}`)),
      );
      const { interactionId } = await alicesConversation();
      expect(await transfer(interactionId, { agentId: ALICE.id }, bobToken)).toEqual({
        status,
        body: { error: { code, message: `refused: ${code}` } },
      });
    },
  );

  it('answers 503 DEPENDENCY_UNAVAILABLE while interaction, or routing for a queue, is down', async () => {
    const { interactionId } = await alicesConversation();
    expect(await transfer(interactionId, { agentId: BOB.id })).toMatchObject({
      status: 503,
      body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'interaction' } } },
    });
    expect(await transfer(interactionId, { queueId: SALES })).toMatchObject({
      status: 503,
      body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'routing' } } },
    });
  });

  it('W10, I1, I5: routing’s new offer of the transferred item reaches bob’s Inbox, and managers see it waiting', async () => {
    await fakeInteraction();
    const { interactionId, workItemId } = await alicesConversation();
    // Alice's acceptance told again, late (made before the transfer, arriving after Bob's).
    const lateAcceptance = createEnvelope(
      'routing.workitem.assigned.v1',
      { workItemId, interactionId, agentId: ALICE.id },
      { correlationId: interactionId },
    );
    await transfer(interactionId, { agentId: BOB.id });
    const queued = workItemQueued(interactionId, workItemId, secondsAgo(30), { reason: 'transferred' });
    await publishAll([queued]);

    const waiting = await call(service, 'GET', '/supervision/waiting?queueState=queued', {
      token: mariaToken,
    });
    expect(ids(waiting.body)).toContain(interactionId);

    // The item keeps its id; the offer made after Alice's acceptance stands again, for Bob.
    const offer = offerCreated(interactionId, BOB.id, workItemId);
    await publishAll([offer]);
    const inbox = await call(service, 'GET', '/inbox/offers', { token: bobToken });
    expect(inbox.body).toMatchObject({
      items: [expect.objectContaining({ workItemId, interactionId, expiresAt: offer.data.expiresAt })],
    });
    expect(
      ids(
        (await call(service, 'GET', '/supervision/waiting?queueState=offered', { token: mariaToken })).body,
      ),
    ).toContain(interactionId);

    // Bob accepts: the row is his, and Alice's late acceptance changes nothing.
    const bobAccepted = workItemAssigned(interactionId, BOB.id, workItemId);
    await publishAll([bobAccepted]);
    expect(await call(service, 'GET', '/inbox/offers', { token: bobToken })).toEqual({
      status: 200,
      body: { items: [] },
    });
    await publishAll([lateAcceptance]);
    const [row] = await service.runtime.dataSource.query<Array<{ agent_id: string; state: string }>>(
      `SELECT agent_id, state FROM offer_view WHERE work_item_id = $1`,
      [workItemId],
    );
    expect(row).toEqual({ agent_id: BOB.id, state: 'accepted' });
  });
});
