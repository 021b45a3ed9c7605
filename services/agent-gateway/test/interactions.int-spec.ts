import { createEnvelope, type EnvelopeOf, type Subject } from '@threadline/contracts';
import { queries } from '@threadline/contracts';
import { AppError, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  agentNote,
  assignedConversation,
  COMPANY,
  conversationCreated,
  inboundMessage,
  offerCreated,
  outboundMessage,
  stateChanged,
  statusChanged,
  workItemAssigned,
} from './support/events';
import { ALICE, BOB, call, handled, login, publish, seedAgents, startGateway } from './support/gateway';
import { FakeOwners } from './support/owners';
import { AgentSocket, withData } from './support/sockets';

const sentId = z.object({ messageId: z.uuid() });
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

describe('Ongoing, transcripts and replies', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let aliceToken: string;
  let bobToken: string;
  let alice: AgentSocket;

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

  const get = (path: string, token = aliceToken) => call(service, 'GET', path, { token });

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    [aliceToken, bobToken] = await Promise.all([login(service, 'alice'), login(service, 'bob')]);
    alice = await AgentSocket.open(service.url, aliceToken);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await alice?.close();
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
  });

  describe('Ongoing', () => {
    const older = uuidv7();
    const newer = uuidv7();
    const closed = uuidv7();
    const bobs = uuidv7();

    beforeAll(async () => {
      await publishAll([
        ...assignedConversation(older, ALICE.id, 'first of older', secondsAgo(60), 1),
        inboundMessage(older, 'second of older', secondsAgo(50), 2),
        ...assignedConversation(newer, ALICE.id, 'first of newer', secondsAgo(30), 1),
        ...assignedConversation(closed, ALICE.id, 'first of closed', secondsAgo(10), 1),
        stateChanged(closed, 'work_in_progress', 'closed_complete', ALICE.id),
        ...assignedConversation(bobs, BOB.id, 'first of bob’s', secondsAgo(5), 1),
      ]);
    });

    it('I2: lists my assigned, not completed conversations, most recently active first, with unread counts', async () => {
      const answer = await get('/interactions/ongoing');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        items: [
          expect.objectContaining({
            interactionId: newer,
            unreadCount: 1,
            state: 'work_in_progress',
            firstMessage: 'first of newer',
          }),
          expect.objectContaining({
            interactionId: older,
            unreadCount: 2,
            assigneeId: ALICE.id,
            firstMessage: 'first of older',
          }),
        ],
      });
    });

    it('I3: a new requester message marks the conversation in real time and moves it to the top', async () => {
      const message = inboundMessage(older, 'are you there?', new Date(), 3);
      await publish(service, message);
      const pushed = await alice.next(
        'message.appended',
        withData({ message: { messageId: message.data.messageId } }),
      );
      expect(pushed.data).toMatchObject({
        unreadCount: 3,
        message: { messageId: message.data.messageId, body: 'are you there?', direction: 'inbound' },
      });
      expect((await get('/interactions/ongoing')).body).toMatchObject({
        items: [{ interactionId: older, unreadCount: 3 }, { interactionId: newer }],
      });
    });

    it('I3: opening a conversation shows its transcript in order and clears its unread count', async () => {
      const answer = await get(`/interactions/${older}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        interaction: { interactionId: older, unreadCount: 0, requesterAddress: '+15551230001' },
        messages: [{ body: 'first of older' }, { body: 'second of older' }, { body: 'are you there?' }],
      });
      expect((await get('/interactions/ongoing')).body).toMatchObject({
        items: [
          { interactionId: older, unreadCount: 0 },
          { interactionId: newer, unreadCount: 1 },
        ],
      });
    });

    it('answers 404 INTERACTION_NOT_FOUND for another agent’s conversation, as for one that does not exist', async () => {
      const someoneElses = await get(`/interactions/${bobs}`);
      const unknown = await get(`/interactions/${uuidv7()}`);
      expect(someoneElses).toMatchObject({ status: 404, body: { error: { code: 'INTERACTION_NOT_FOUND' } } });
      expect(unknown.status).toBe(404);
      expect(await get(`/interactions/${bobs}`, bobToken)).toMatchObject({ status: 200 });
    });

    it('refuses an interaction id that is not a uuid with 400', async () => {
      expect(await get('/interactions/not-an-id')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    });

    it('lets an agent open a conversation offered to them, without clearing its mark', async () => {
      const offered = uuidv7();
      await publishAll([
        conversationCreated(offered, {}, secondsAgo(20)),
        inboundMessage(offered, 'hello?', secondsAgo(20), 1),
        offerCreated(offered, BOB.id),
      ]);
      expect(await get(`/interactions/${offered}`, bobToken)).toMatchObject({
        status: 200,
        body: { interaction: { unreadCount: 1, assigneeId: null }, messages: [{ body: 'hello?' }] },
      });
      expect((await get(`/interactions/${offered}`)).status).toBe(404);
    });
  });

  it('S1: shows agents-only notes in the transcript, marked so, and reads older events as requester-visible', async () => {
    const interactionId = uuidv7();
    const at = secondsAgo(50);
    await publishAll([
      ...assignedConversation(interactionId, ALICE.id, 'hello', at, 1),
      agentNote(interactionId, uuidv7(), 'Waiting in the queue for an agent.', secondsAgo(49)),
    ]);
    // A note is not a requester message: it leaves the unread count alone (SPEC I3).
    const [view] = await service.runtime.dataSource.query<Array<{ unread_count: number }>>(
      `SELECT unread_count FROM conversation_view WHERE interaction_id = $1`,
      [interactionId],
    );
    expect(view).toEqual({ unread_count: 1 });
    const answer = await get(`/interactions/${interactionId}`);
    expect(answer.body).toMatchObject({
      messages: [
        { body: 'hello', direction: 'inbound', visibility: 'requester_visible' },
        {
          body: 'Waiting in the queue for an agent.',
          direction: 'internal',
          author: { kind: 'system', id: null },
          deliveryStatus: null,
          visibility: 'agents_only',
        },
      ],
    });
  });

  it('S2: a conversation shows that its requester opted out (since when, how) until they opt back in, whatever order the events arrive in', async () => {
    const interactionId = uuidv7();
    const requesterAddress = '+15551239001';
    await publishAll(
      assignedConversation(interactionId, ALICE.id, 'hi', secondsAgo(20), 1, { requesterAddress }),
    );
    const change = (optedOut: boolean, keyword: string, occurredAt: string) =>
      createEnvelope('interaction.requester.opt-out-changed.v1', {
        companyAddress: COMPANY,
        requesterAddress,
        optedOut,
        source: 'keyword',
        keyword,
        occurredAt,
        interactionId,
      });
    const detail = async () => (await get(`/interactions/${interactionId}`)).body as Record<string, unknown>;
    expect(await detail()).toMatchObject({ requesterOptedOut: null });

    const stop = change(true, 'STOP', '2026-12-01T10:00:00.000Z');
    const start = change(false, 'START', '2026-12-01T10:05:00.000Z');
    const stopAgain = change(true, 'QUIT', '2026-12-01T10:10:00.000Z');
    await publishAll([stop]);
    // Whoever follows the conversation hears it at once.
    const pushed = await alice.next('requester.opt-out-changed', withData({ interactionId }));
    expect(pushed.data).toEqual({
      interactionId,
      requesterOptedOut: { since: '2026-12-01T10:00:00.000Z', source: 'keyword', keyword: 'STOP' },
    });
    expect(await detail()).toMatchObject({
      requesterOptedOut: { since: '2026-12-01T10:00:00.000Z', source: 'keyword', keyword: 'STOP' },
    });
    // The latest change arrives before the one it follows: the earlier one changes nothing.
    await publishAll([stopAgain, start]);
    expect(await detail()).toMatchObject({
      requesterOptedOut: { since: '2026-12-01T10:10:00.000Z', source: 'keyword', keyword: 'QUIT' },
    });
    // Another company number's opt-out is not this conversation's.
    await publishAll([
      createEnvelope('interaction.requester.opt-out-changed.v1', {
        ...stopAgain.data,
        companyAddress: '+15550100009',
        optedOut: false,
      }),
    ]);
    expect((await detail()).requesterOptedOut).not.toBeNull();
  });

  it('orders a transcript by time, then the gateway’s sequence (none last), then id, whatever the arrival order', async () => {
    const interactionId = uuidv7();
    const at = secondsAgo(40);
    const replyId = uuidv7();
    const events = [
      ...assignedConversation(interactionId, ALICE.id, 'one', at, 1),
      inboundMessage(interactionId, 'three', at, 3),
      inboundMessage(interactionId, 'two', at, 2),
      outboundMessage(interactionId, replyId, ALICE.id, 'reply at the same instant', at),
      inboundMessage(interactionId, 'later', secondsAgo(30), 4),
    ];
    await publishAll(events.reverse());
    const answer = await get(`/interactions/${interactionId}`);
    expect(answer.body).toMatchObject({
      messages: [
        { body: 'one', gatewaySequence: 1 },
        { body: 'two', gatewaySequence: 2 },
        { body: 'three', gatewaySequence: 3 },
        {
          body: 'reply at the same instant',
          gatewaySequence: null,
          deliveryStatus: 'queued',
          author: { kind: 'agent', id: ALICE.id },
        },
        { body: 'later' },
      ],
    });
  });

  describe('replies', () => {
    const interactionId = uuidv7();
    const send = (body: unknown, token = aliceToken, id = interactionId) =>
      call(service, 'POST', `/interactions/${id}/messages`, { token, body });

    beforeAll(async () => {
      await publishAll(assignedConversation(interactionId, ALICE.id, 'I need help', secondsAgo(15), 1));
    });

    async function fakeInteraction(): Promise<void> {
      await owners.answer(queries.sendMessage, ({ interactionId: id, messageId }) =>
        Promise.resolve({
          interactionId: id,
          messageId,
          occurredAt: new Date().toISOString(),
          deliveryStatus: 'queued' as const,
        }),
      );
    }

    it('forwards my reply to interaction with a generated id and answers 202 with its status', async () => {
      await fakeInteraction();
      const answer = await send({ body: 'Hello, I am Alice.' });
      expect(answer).toEqual({
        status: 202,
        body: { messageId: expect.any(String), deliveryStatus: 'queued' },
      });
      expect(owners.asked).toEqual([
        {
          subject: 'interaction.message.send.v1',
          request: {
            interactionId,
            agentId: ALICE.id,
            body: 'Hello, I am Alice.',
            messageId: expect.stringMatching(/^[0-9a-f-]{14}7/),
          },
        },
      ]);
      expect(sentId.parse(answer.body).messageId).toBe(sentId.parse(owners.asked[0]?.request).messageId);
    });

    it('sends with the client’s message id when it gives one, so a retry is sent once', async () => {
      await fakeInteraction();
      const clientMessageId = uuidv7();
      expect(await send({ body: 'retry-safe', clientMessageId })).toMatchObject({
        status: 202,
        body: { messageId: clientMessageId },
      });
      expect(owners.asked[0]?.request).toMatchObject({ messageId: clientMessageId });
    });

    it('refuses an empty reply with 400 VALIDATION_FAILED and details, without asking interaction', async () => {
      await fakeInteraction();
      const answer = await send({ body: '' });
      expect(answer).toMatchObject({
        status: 400,
        body: {
          error: { code: 'VALIDATION_FAILED', details: [{ path: 'body', message: 'must not be empty' }] },
        },
      });
      expect((await send({ body: 'x', clientMessageId: 'nope' })).status).toBe(400);
      expect(owners.asked).toEqual([]);
    });

    it('answers 404 INTERACTION_NOT_FOUND for a conversation not assigned to me, without asking interaction', async () => {
      await fakeInteraction();
      expect(await send({ body: 'hi' }, bobToken)).toMatchObject({
        status: 404,
        body: { error: { code: 'INTERACTION_NOT_FOUND' } },
      });
      expect(await send({ body: 'hi' }, aliceToken, uuidv7())).toMatchObject({ status: 404 });
      expect(owners.asked).toEqual([]);
    });

    it.each([
      ['NOT_ASSIGNEE', 403],
      ['INTERACTION_CLOSED', 409],
      ['RECIPIENT_OPTED_OUT', 409],
    ])('passes on interaction’s %s as %d', async (code, status) => {
      await owners.answer(queries.sendMessage, () =>
        Promise.reject(new AppError(code, status, `refused: ${code}`)),
      );
      expect(await send({ body: 'hi' })).toEqual({
        status,
        body: { error: { code, message: `refused: ${code}` } },
      });
    });

    it('S4: passes on interaction’s MESSAGE_TOO_MANY_SEGMENTS as 422 with the count, the limit and the encoding', async () => {
      const details = { segments: 11, limit: 10, encoding: 'GSM-7' };
      await owners.answer(queries.sendMessage, () =>
        Promise.reject(new AppError('MESSAGE_TOO_MANY_SEGMENTS', 422, 'too many segments', details)),
      );
      expect(await send({ body: 'a'.repeat(1531) })).toEqual({
        status: 422,
        body: { error: { code: 'MESSAGE_TOO_MANY_SEGMENTS', message: 'too many segments', details } },
      });
    });

    it('S4: GET /me/message-limits answers the segment limit interaction holds texts to', async () => {
      await owners.answer(queries.messageLimits, () => Promise.resolve({ maxSegments: 7 }));
      expect(await get('/me/message-limits')).toMatchObject({ status: 200, body: { maxSegments: 7 } });
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE while interaction is down', async () => {
      expect(await send({ body: 'hi' })).toMatchObject({
        status: 503,
        body: { error: { code: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'interaction' } } },
      });
    });

    it('S3: pushes and shows each delivery status of my reply, never moving backwards', async () => {
      await fakeInteraction();
      const sent = await send({ body: 'Your parcel is on its way.' });
      const { messageId } = sentId.parse(sent.body);
      await publish(
        service,
        outboundMessage(interactionId, messageId, ALICE.id, 'Your parcel is on its way.', new Date()),
      );
      expect((await alice.next('message.appended', withData({ message: { messageId } }))).data).toMatchObject(
        {
          message: { messageId, deliveryStatus: 'queued', direction: 'outbound' },
          unreadCount: 1,
        },
      );

      const isMine = (status: string) => withData({ messageId, deliveryStatus: status });
      await publish(service, statusChanged(messageId, 'sent', interactionId));
      await alice.next('message.status-changed', isMine('sent'));
      await publish(service, statusChanged(messageId, 'delivered', interactionId));
      await alice.next('message.status-changed', isMine('delivered'));

      const late = statusChanged(messageId, 'sent', interactionId);
      await publish(service, late);
      await eventually(async () => expect(await handled(service, [late.id])).toBe(true));
      // A later push that does arrive shows an earlier one for the late status would have too.
      const otherId = uuidv7();
      await publish(service, outboundMessage(interactionId, otherId, ALICE.id, 'Anything else?', new Date()));
      await publish(service, statusChanged(otherId, 'undelivered', interactionId, '30003'));
      await alice.next(
        'message.status-changed',
        withData({ messageId: otherId, deliveryStatus: 'undelivered', errorCode: '30003' }),
      );
      expect(alice.received('message.status-changed', isMine('sent'))).toHaveLength(1);

      const transcript = await get(`/interactions/${interactionId}`);
      expect(transcript.body).toMatchObject({
        messages: [
          { body: 'I need help' },
          { messageId, deliveryStatus: 'delivered', errorCode: null },
          { messageId: otherId, deliveryStatus: 'undelivered', errorCode: '30003' },
        ],
      });
    });
  });

  it('yields the same read model whatever order the events arrive in', async () => {
    /** One conversation's life, with ids in the order its owners would create them. */
    function life(interactionId: string): Array<EnvelopeOf<Subject>> {
      const workItemId = uuidv7();
      const replyId = uuidv7();
      const start = new Date('2025-03-01T09:00:00.000Z');
      const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      return [
        conversationCreated(interactionId, { identityConflict: true }, start),
        inboundMessage(interactionId, 'first', later(0), 11),
        offerCreated(interactionId, BOB.id, workItemId, later(600)),
        offerCreated(interactionId, ALICE.id, workItemId, later(900)),
        workItemAssigned(interactionId, ALICE.id, workItemId),
        stateChanged(interactionId, 'new', 'work_in_progress', ALICE.id),
        inboundMessage(interactionId, 'second', later(20), 12),
        outboundMessage(interactionId, replyId, ALICE.id, 'reply', later(30)),
        statusChanged(replyId, 'sent', interactionId),
        statusChanged(replyId, 'delivered', interactionId),
        stateChanged(interactionId, 'work_in_progress', 'closed_complete', ALICE.id),
      ];
    }

    async function snapshot(interactionId: string): Promise<unknown> {
      const { dataSource } = service.runtime;
      const [conversation] = await dataSource.query<unknown[]>(
        `SELECT requester_address, company_address, requester_user_id, identity_conflict, state, assignee_id,
                last_activity_at, unread_count, first_message_body, created_at
           FROM conversation_view WHERE interaction_id = $1`,
        [interactionId],
      );
      const offers = await dataSource.query<unknown[]>(
        `SELECT agent_id, offered_at IS NOT NULL AS offered, expires_at, state FROM offer_view WHERE interaction_id = $1`,
        [interactionId],
      );
      const messages = await dataSource.query<unknown[]>(
        `SELECT direction, author_kind, author_id, body, occurred_at, gateway_sequence, delivery_status, error_code
           FROM message_view WHERE interaction_id = $1 ORDER BY occurred_at, gateway_sequence NULLS LAST`,
        [interactionId],
      );
      return { conversation, offers, messages };
    }

    const inOrder = uuidv7();
    const reversed = uuidv7();
    const forward = life(inOrder);
    const backward = life(reversed).reverse();
    await publishAll(forward);
    await publishAll(backward);

    const expected = await snapshot(inOrder);
    expect(expected).toMatchObject({
      conversation: {
        state: 'closed_complete',
        assignee_id: ALICE.id,
        unread_count: 2,
        first_message_body: 'first',
      },
      offers: [{ agent_id: ALICE.id, offered: true, state: 'accepted' }],
      messages: [{ body: 'first' }, { body: 'second' }, { body: 'reply', delivery_status: 'delivered' }],
    });
    expect(await snapshot(reversed)).toEqual(expected);
  });
});
