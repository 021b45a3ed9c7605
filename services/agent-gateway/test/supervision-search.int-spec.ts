import type { EnvelopeOf, Subject } from '@threadline/contracts';
import { type RunningService, withBodyParserCodes } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { searchStatement } from '../src/infra/database/conversation-search.repository';
import {
  ADA,
  assignedConversation,
  conversationCreated,
  inboundMessage,
  offerCreated,
  outboundMessage,
  workItemAssigned,
} from './support/events';
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
import { stateChangedBy, workItemClosed, workItemQueued } from './support/supervision-events';

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
const GRACE = '01970000-0000-7000-8000-00000000b002';

const page = z.object({
  items: z.array(z.looseObject({ interactionId: z.string() })),
  nextCursor: z.string().nullable(),
});
type Page = z.infer<typeof page>;
const ids = (body: unknown) => page.parse(body).items.map((item) => item.interactionId);

describe('managers’ lists, search and history (SPEC I4, I5)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  const tokens: Record<'alice' | 'bob' | 'maria' | 'admin', string> = {
    alice: '',
    bob: '',
    maria: '',
    admin: '',
  };

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

  const get = (path: string, as: keyof typeof tokens = 'maria') =>
    call(service, 'GET', path, { token: tokens[as] });

  /** Every page of a list, following nextCursor. */
  async function walk(path: string, as: keyof typeof tokens = 'maria'): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await get(cursor ? `${path}${separator}cursor=${cursor}` : path, as);
      expect(answer.status).toBe(200);
      const parsed = page.parse(answer.body);
      pages.push(parsed);
      cursor = parsed.nextCursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  }

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    const [alice, bob, maria, admin] = await Promise.all(
      ['alice', 'bob', 'maria', 'admin'].map((username) => login(service, username)),
    );
    Object.assign(tokens, { alice, bob, maria, admin });
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  describe('conversations waiting in queues (I5)', () => {
    const COMPANY = '+15550100002';
    const [q1, q2, q3, ended, taken] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const [w1, w2, w3, w4, w5] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const mine = (body: unknown) => ids(body).filter((id) => [q1, q2, q3, ended, taken].includes(id));

    beforeAll(async () => {
      const created = (id: string, at: Date) => [
        conversationCreated(id, { companyAddress: COMPANY }, at),
        inboundMessage(id, `hello from ${id}`, at, 1),
      ];
      await publishAll([
        ...created(q1, secondsAgo(300)),
        workItemQueued(q1, w1, secondsAgo(300)),
        ...created(q2, secondsAgo(600)),
        workItemQueued(q2, w2, secondsAgo(600)),
        offerCreated(q2, BOB.id, w2),
        ...created(q3, secondsAgo(120)),
        workItemQueued(q3, w3, secondsAgo(120)),
        offerCreated(q3, ALICE.id, w3),
        // Ended by the requester's silence: no longer waiting, even before routing says so.
        ...created(ended, secondsAgo(900)),
        workItemQueued(ended, w4, secondsAgo(900)),
        stateChangedBy(ended, {
          from: 'new',
          to: 'closed_abandoned',
          assigneeId: null,
          cause: 'system_ended',
          actorId: null,
        }),
        ...created(taken, secondsAgo(800)),
        workItemQueued(taken, w5, secondsAgo(800)),
        workItemAssigned(taken, ALICE.id, w5),
      ]);
    });

    it('I5: lists queued and offered conversations, the one waiting longest first, with queue and offer', async () => {
      const answer = await get(`/supervision/waiting?companyNumber=${encodeURIComponent(COMPANY)}`);
      expect(answer.status).toBe(200);
      expect(ids(answer.body)).toEqual([q2, q1, q3]);
      expect(page.parse(answer.body).items[0]).toMatchObject({
        interactionId: q2,
        firstMessage: `hello from ${q2}`,
        queue: { state: 'offered', queueName: 'Support', workItemId: w2, offeredAgentId: BOB.id },
        participantIds: [],
        waitingMs: expect.any(Number),
      });
      expect(page.parse(answer.body).items[1]).toMatchObject({
        queue: { state: 'queued', offeredAgentId: null },
      });
      expect((page.parse(answer.body).items[0]?.waitingMs as number) >= 600_000).toBe(true);
    });

    it('I5: filters by queue state, by the agent it is offered to and by company number, written any way', async () => {
      expect(mine((await get('/supervision/waiting?queueState=offered')).body)).toEqual([q2, q3]);
      expect(mine((await get('/supervision/waiting?queueState=queued')).body)).toEqual([q1]);
      expect(mine((await get(`/supervision/waiting?agentId=${BOB.id}`)).body)).toEqual([q2]);
      expect(
        ids((await get(`/supervision/waiting?companyNumber=${encodeURIComponent('(555) 010-0002')}`)).body),
      ).toEqual([q2, q1, q3]);
      expect(ids((await get('/supervision/waiting?companyNumber=%2B15550100009')).body)).toEqual([]);
    });

    it('I5: pages with limit and the cursor it hands out, each conversation once', async () => {
      const pages = await walk(`/supervision/waiting?limit=1&companyNumber=${encodeURIComponent(COMPANY)}`);
      expect(pages.map((p) => p.items.map((item) => item.interactionId))).toEqual([[q2], [q1], [q3]]);
      expect(pages[2]?.nextCursor).toBeNull();
    });

    it('I5: a work item routing closed, or one accepted, leaves the list', async () => {
      await publishAll([workItemAssigned(q3, ALICE.id, w3)]);
      expect(mine((await get('/supervision/waiting')).body)).toEqual([q2, q1]);
      await publishAll([workItemClosed(q1, w1, null)]);
      expect(mine((await get('/supervision/waiting')).body)).toEqual([q2]);
    });

    it('I5: an offer that expired puts it back in the queue, keeping its age (W8)', async () => {
      await publishAll([workItemQueued(q2, w2, secondsAgo(600), { reason: 'offer_expired' })]);
      const answer = await get(`/supervision/waiting?companyNumber=${encodeURIComponent(COMPANY)}`);
      expect(page.parse(answer.body).items).toEqual([
        expect.objectContaining({
          interactionId: q2,
          queue: expect.objectContaining({ state: 'queued', offeredAgentId: null }),
        }),
      ]);
    });

    it('I5: is for managers and admins; an agent gets 403 ROLE_NOT_ALLOWED', async () => {
      expect(await get('/supervision/waiting', 'alice')).toMatchObject({
        status: 403,
        body: { error: { code: 'ROLE_NOT_ALLOWED' } },
      });
      expect((await get('/supervision/waiting', 'admin')).status).toBe(200);
    });

    it.each([
      ['a queue state that is not a waiting one', 'queueState=assigned', 'VALIDATION_FAILED'],
      ['a limit out of range', 'limit=0', 'VALIDATION_FAILED'],
      ['a cursor it did not give', 'cursor=abc', 'VALIDATION_FAILED'],
      [
        'a cursor of another list',
        `cursor=${Buffer.from('["x"]').toString('base64url')}`,
        'VALIDATION_FAILED',
      ],
      ['an unknown parameter', 'companyNum=1', 'VALIDATION_FAILED'],
      ['a company number that is not a phone number', 'companyNumber=support', 'PHONE_NUMBER_INVALID'],
    ])('I5: refuses %s with 400', async (_what, query, code) => {
      expect(await get(`/supervision/waiting?${query}`)).toMatchObject({
        status: 400,
        body: { error: { code } },
      });
    });
  });

  describe('every agent’s ongoing work (I5)', () => {
    const COMPANY = '+15550100003';
    const [o1, o2, o3, o4, done] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const path = `/supervision/ongoing?companyNumber=${encodeURIComponent(COMPANY)}`;
    const over = { companyAddress: COMPANY };

    beforeAll(async () => {
      await publishAll([
        ...assignedConversation(o1, ALICE.id, 'o1 waits', secondsAgo(400), 1, over),
        ...assignedConversation(o2, BOB.id, 'o2 was answered', secondsAgo(200), 1, over),
        outboundMessage(o2, uuidv7(), BOB.id, 'answered', secondsAgo(100)),
        ...assignedConversation(o3, BOB.id, 'o3 first', secondsAgo(500), 1, over),
        outboundMessage(o3, uuidv7(), BOB.id, 'answered', secondsAgo(450)),
        inboundMessage(o3, 'o3 again', secondsAgo(60), 2),
        inboundMessage(o3, 'o3 and again', secondsAgo(30), 3),
        ...assignedConversation(o4, ALICE.id, 'o4 on hold', secondsAgo(700), 1, over),
        stateChangedBy(o4, {
          from: 'work_in_progress',
          to: 'on_hold',
          assigneeId: ALICE.id,
          cause: 'agent_hold',
          actorId: ALICE.id,
        }),
        ...assignedConversation(done, ALICE.id, 'done', secondsAgo(800), 1, over),
        stateChangedBy(done, {
          from: 'work_in_progress',
          to: 'closed_complete',
          assigneeId: ALICE.id,
          cause: 'agent_ended',
          actorId: ALICE.id,
        }),
      ]);
    });

    it('I5: lists every agent’s open assigned work, the requester waiting longest for a reply first', async () => {
      const answer = await get(path);
      expect(answer.status).toBe(200);
      expect(ids(answer.body)).toEqual([o4, o1, o3, o2]);
      const [first, , third, fourth] = page.parse(answer.body).items;
      expect(first).toMatchObject({ assigneeId: ALICE.id, state: 'on_hold', participantIds: [ALICE.id] });
      expect(Date.parse(third?.awaitingReplySince as string)).toBeLessThan(Date.now() - 55_000);
      expect(Date.parse(third?.awaitingReplySince as string)).toBeGreaterThan(Date.now() - 120_000);
      expect(fourth).toMatchObject({ interactionId: o2, awaitingReplySince: null, waitingMs: null });
    });

    it('I5: filters by agent and by state', async () => {
      expect(ids((await get(`${path}&agentId=${BOB.id}`)).body)).toEqual([o3, o2]);
      expect(ids((await get(`${path}&state=on_hold`)).body)).toEqual([o4]);
      expect(await get(`${path}&state=closed_complete`)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'state' })] } },
      });
    });

    it('I5: pages through the list to the end', async () => {
      const pages = await walk(`${path}&limit=3`);
      expect(pages.map((p) => p.items.map((item) => item.interactionId))).toEqual([[o4, o1, o3], [o2]]);
    });

    it('I5: a reply stops the wait', async () => {
      await publishAll([outboundMessage(o4, uuidv7(), ALICE.id, 'still here', new Date())]);
      expect(ids((await get(path)).body)).toEqual([o1, o3, o4, o2]);
    });

    it('I5: is for managers and admins; an agent gets 403 ROLE_NOT_ALLOWED', async () => {
      expect(await get(path, 'bob')).toMatchObject({
        status: 403,
        body: { error: { code: 'ROLE_NOT_ALLOWED' } },
      });
      expect(ids((await get(path, 'admin')).body)).toHaveLength(4);
    });
  });

  describe('opening a conversation (I4, I5)', () => {
    const COMPANY = '+15550100004';
    const over = { companyAddress: COMPANY };
    const [bobs, alicesClosed, bobsWithAlice] = [uuidv7(), uuidv7(), uuidv7()];

    beforeAll(async () => {
      await publishAll([
        ...assignedConversation(bobs, BOB.id, 'bob’s', secondsAgo(100), 1, over),
        ...assignedConversation(alicesClosed, ALICE.id, 'alice’s', secondsAgo(100), 1, over),
        outboundMessage(alicesClosed, uuidv7(), ALICE.id, 'done for you', secondsAgo(90)),
        stateChangedBy(alicesClosed, {
          from: 'work_in_progress',
          to: 'closed_complete',
          assigneeId: ALICE.id,
          cause: 'agent_ended',
          actorId: ALICE.id,
        }),
        ...assignedConversation(bobsWithAlice, BOB.id, 'help', secondsAgo(100), 1, over),
        // SPEC A2: alice texted the number while bob held its conversation.
        outboundMessage(bobsWithAlice, uuidv7(), ALICE.id, 'alice here too', secondsAgo(80)),
      ]);
    });

    it('I5: a manager or admin opens any agent’s conversation with its transcript', async () => {
      expect(await get(`/interactions/${bobs}`)).toMatchObject({
        status: 200,
        body: { interaction: { interactionId: bobs, assigneeId: BOB.id }, messages: [{ body: 'bob’s' }] },
      });
      expect((await get(`/interactions/${bobs}`, 'admin')).status).toBe(200);
      expect((await get(`/interactions/${uuidv7()}`)).status).toBe(404);
    });

    it('I5: a manager opening it leaves the assignee’s unread mark alone', async () => {
      const ongoing = await get('/interactions/ongoing', 'bob');
      expect(ongoing.body).toMatchObject({
        items: expect.arrayContaining([expect.objectContaining({ interactionId: bobs, unreadCount: 1 })]),
      });
    });

    it('I4: an agent who took part reads the closed conversation, with who ended it', async () => {
      expect(await get(`/interactions/${alicesClosed}`, 'alice')).toMatchObject({
        status: 200,
        body: {
          interaction: {
            state: 'closed_complete',
            closedAt: expect.any(String),
            closedCause: 'agent_ended',
            closedBy: { kind: 'agent', id: ALICE.id },
            participantIds: [ALICE.id],
          },
          messages: [{ body: 'alice’s' }, { body: 'done for you' }],
        },
      });
    });

    it('I4: an agent who did not take part gets 404, never the data', async () => {
      expect(await get(`/interactions/${alicesClosed}`, 'bob')).toEqual({
        status: 404,
        body: { error: expect.objectContaining({ code: 'INTERACTION_NOT_FOUND' }) },
      });
      expect((await get(`/interactions/${bobs}`, 'alice')).status).toBe(404);
    });

    it('I4: a participant reads it once it is closed, not while another agent holds it', async () => {
      expect((await get(`/interactions/${bobsWithAlice}`, 'alice')).status).toBe(404);
      await publishAll([
        stateChangedBy(bobsWithAlice, {
          from: 'work_in_progress',
          to: 'closed_complete',
          assigneeId: BOB.id,
          cause: 'manager_ended',
          actorId: MARIA.id,
        }),
      ]);
      expect(await get(`/interactions/${bobsWithAlice}`, 'alice')).toMatchObject({
        status: 200,
        body: {
          interaction: {
            participantIds: [ALICE.id, BOB.id].sort(),
            closedBy: { id: MARIA.id },
            closedCause: 'manager_ended',
          },
        },
      });
    });
  });

  describe('searching conversations (I4)', () => {
    const R1 = '+15551239001';
    const R2 = '+15551239002';
    const C1 = '+15550100005';
    const C2 = '+15550100006';
    const march = (day: number, time = '10:00:00.000') => new Date(`2025-03-0${day}T${time}Z`);
    const [s1, s2, s3, s4, s5, other] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const MARCH = `from=${encodeURIComponent('2025-03-01T00:00:00Z')}&to=${encodeURIComponent('2025-03-31T00:00:00Z')}`;

    function conversation(
      id: string,
      agentId: string,
      opened: Date,
      body: string,
      pair: { requesterAddress: string; companyAddress: string; requesterUserId?: string },
      close: boolean,
    ): Array<EnvelopeOf<Subject>> {
      const events: Array<EnvelopeOf<Subject>> = [
        conversationCreated(id, { requesterUserId: ADA, ...pair }, opened),
        inboundMessage(id, body, opened, 1),
        stateChangedBy(
          id,
          {
            from: 'new',
            to: 'work_in_progress',
            assigneeId: agentId,
            cause: 'routing_assigned',
            actorId: null,
          },
          opened,
        ),
        outboundMessage(
          id,
          uuidv7(),
          agentId,
          'Thanks, looking into it',
          new Date(opened.getTime() + 60_000),
        ),
      ];
      if (close) {
        events.push(
          stateChangedBy(
            id,
            {
              from: 'work_in_progress',
              to: 'closed_complete',
              assigneeId: agentId,
              cause: 'agent_ended',
              actorId: agentId,
            },
            new Date(opened.getTime() + 3_600_000),
          ),
        );
      }
      return events;
    }

    const pair1 = { requesterAddress: R1, companyAddress: C1 };

    beforeAll(async () => {
      await publishAll([
        ...conversation(s1, ALICE.id, march(1), 'My refund never arrived', pair1, true),
        ...conversation(s2, BOB.id, march(2), 'Where is my parcel?', pair1, true),
        ...conversation(
          s3,
          ALICE.id,
          march(3),
          'A question on refunds',
          { requesterAddress: R2, companyAddress: C2, requesterUserId: GRACE },
          true,
        ),
        ...conversation(s4, ALICE.id, march(4), 'Refund again please', pair1, false),
        ...conversation(s5, BOB.id, march(5), 'Fundamentals of billing', pair1, true),
        ...conversation(
          other,
          BOB.id,
          march(6),
          'Another company number',
          { requesterAddress: R1, companyAddress: C2 },
          true,
        ),
      ]);
    });

    const search = (query: string, as: keyof typeof tokens = 'maria') =>
      get(`/interactions/search?${query}`, as);

    it('I4: a closed conversation is found by a word of its transcript, with a snippet of the message', async () => {
      const answer = await search('q=refund');
      expect(answer.status).toBe(200);
      expect(ids(answer.body)).toEqual([s1]);
      expect(page.parse(answer.body).items[0]).toMatchObject({
        interactionId: s1,
        requesterAddress: R1,
        companyAddress: C1,
        state: 'closed_complete',
        createdAt: '2025-03-01T10:00:00.000Z',
        closedAt: '2025-03-01T11:00:00.000Z',
        participantIds: [ALICE.id],
        match: {
          messageId: expect.any(String),
          occurredAt: '2025-03-01T10:00:00.000Z',
          snippet: [
            { text: 'My ', match: false },
            { text: 'refund', match: true },
            { text: ' never arrived', match: false },
          ],
        },
      });
    });

    it('I4: words match whole words in any case, never a part of a word', async () => {
      expect(ids((await search('q=REFUND')).body)).toEqual([s1]);
      expect(ids((await search('q=fund')).body)).toEqual([]);
      expect(ids((await search('q=parcel')).body)).toEqual([s2]);
      expect(ids((await search('q=refunds')).body)).toEqual([s3]);
      expect(ids((await search(`q=${encodeURIComponent('"never arrived"')}`)).body)).toEqual([s1]);
      expect(ids((await search(`q=${encodeURIComponent('refund or parcel')}`)).body)).toEqual([s2, s1]);
    });

    it('I4: finds closed conversations only, unless asked for any state', async () => {
      expect(ids((await search('q=refund&state=any')).body)).toEqual([s4, s1]);
      expect(page.parse((await search('q=refund')).body).items[0]).not.toHaveProperty('match', null);
      expect(page.parse((await search(MARCH)).body).items.every((item) => item.match === null)).toBe(true);
    });

    it('I4: an agent finds the closed conversations they took part in and those they hold, no others', async () => {
      expect(ids((await search('q=refund&state=any', 'alice')).body)).toEqual([s4, s1]);
      expect(ids((await search('q=refund', 'bob')).body)).toEqual([]);
      expect(ids((await search('q=parcel', 'bob')).body)).toEqual([s2]);
      expect(ids((await search('q=parcel', 'alice')).body)).toEqual([]);
      expect(ids((await search(`requester=${encodeURIComponent(R1)}`, 'alice')).body)).toEqual([s1]);
      expect(ids((await search(`requester=${encodeURIComponent(R1)}`)).body)).toEqual([other, s5, s2, s1]);
    });

    it('I4: filters by requester number written any way, company number and directory user', async () => {
      expect(ids((await search(`requester=${encodeURIComponent('(555) 123-9001')}`)).body)).toEqual([
        other,
        s5,
        s2,
        s1,
      ]);
      expect(
        ids(
          (await search(`requester=${encodeURIComponent(R1)}&companyNumber=${encodeURIComponent(C2)}`)).body,
        ),
      ).toEqual([other]);
      expect(ids((await search(`companyNumber=${encodeURIComponent(C2)}&${MARCH}`)).body)).toEqual([
        other,
        s3,
      ]);
      expect(ids((await search(`userId=${GRACE}`)).body)).toEqual([s3]);
    });

    it('I4: the date range bounds when the conversation was opened, both ends included', async () => {
      const range = (from: string, to: string) =>
        search(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`).then((answer) =>
          ids(answer.body),
        );
      expect(await range('2025-03-02T10:00:00.000Z', '2025-03-03T10:00:00.000Z')).toEqual([s3, s2]);
      expect(await range('2025-03-02T10:00:00.001Z', '2025-03-03T10:00:00.000Z')).toEqual([s3]);
      expect(await range('2025-03-02T10:00:00.000Z', '2025-03-03T09:59:59.999Z')).toEqual([s2]);
      expect(await range('2025-03-02T11:00:00+01:00', '2025-03-02T11:00:00+01:00')).toEqual([s2]);
    });

    it('I4: pages newest first with the cursor it hands out', async () => {
      const pages = await walk(`/interactions/search?${MARCH}&limit=2`);
      expect(pages.map((p) => p.items.map((item) => item.interactionId))).toEqual([
        [other, s5],
        [s3, s2],
        [s1],
      ]);
      expect(pages[2]?.nextCursor).toBeNull();
    });

    it.each([
      ['from after to', `from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z`, 'VALIDATION_FAILED', 'to'],
      ['a from that is not a date-time', 'from=yesterday', 'VALIDATION_FAILED', 'from'],
      ['a date without a time', 'to=2025-03-01', 'VALIDATION_FAILED', 'to'],
      ['words that are only punctuation', `q=${encodeURIComponent('!!!')}`, 'VALIDATION_FAILED', 'q'],
      ['an empty q', 'q=', 'VALIDATION_FAILED', 'q'],
      ['a state other than closed or any', 'state=open', 'VALIDATION_FAILED', 'state'],
      ['a limit over 100', 'limit=101', 'VALIDATION_FAILED', 'limit'],
      ['a cursor it did not give', 'cursor=WyJ4Il0', 'VALIDATION_FAILED', 'cursor'],
      [
        'a cursor with a date that does not exist',
        `cursor=${Buffer.from(JSON.stringify(['2025-02-30T10:00:00.000000', uuidv7()])).toString('base64url')}`,
        'VALIDATION_FAILED',
        'cursor',
      ],
      ['an unknown parameter', 'requestor=%2B15551239001', 'VALIDATION_FAILED', ''],
      ['a requester that is not a phone number', 'requester=ada', 'PHONE_NUMBER_INVALID', 'requester'],
      [
        'a company number that is not a phone number',
        'companyNumber=12',
        'PHONE_NUMBER_INVALID',
        'companyNumber',
      ],
    ])('I4: refuses %s with 400', async (_what, query, code, path) => {
      const answer = await search(query);
      expect(answer).toMatchObject({ status: 400, body: { error: { code } } });
      expect(answer.body).toMatchObject({ error: { details: [expect.objectContaining({ path })] } });
    });

    describe('the history of a phone pair', () => {
      it('I4: lists the earlier closed conversations of the pair, newest first, with their transcripts', async () => {
        const answer = await get(`/interactions/${s4}/history`, 'alice');
        expect(answer.status).toBe(200);
        expect(ids(answer.body)).toEqual([s2, s1]);
        expect(page.parse(answer.body).items[0]).toMatchObject({
          interactionId: s2,
          participantIds: [BOB.id],
          messages: [{ body: 'Where is my parcel?' }, { body: 'Thanks, looking into it' }],
        });
      });

      it('I4: pages through the history', async () => {
        const pages = await walk(`/interactions/${s4}/history?limit=1`, 'alice');
        expect(pages.map((p) => p.items.map((item) => item.interactionId))).toEqual([[s2], [s1]]);
      });

      it('I4: leaves out later, open and other-pair conversations; the first one has none', async () => {
        expect(ids((await get(`/interactions/${s5}/history`)).body)).toEqual([s2, s1]);
        expect(ids((await get(`/interactions/${s1}/history`, 'alice')).body)).toEqual([]);
        expect(ids((await get(`/interactions/${other}/history`)).body)).toEqual([]);
      });

      it('I4: is for whoever may read the current conversation; anyone else gets 404', async () => {
        expect(await get(`/interactions/${s4}/history`, 'bob')).toMatchObject({
          status: 404,
          body: { error: { code: 'INTERACTION_NOT_FOUND' } },
        });
        expect((await get(`/interactions/${s2}/history`, 'bob')).status).toBe(200);
        expect((await get(`/interactions/${uuidv7()}/history`)).status).toBe(404);
        expect(await get('/interactions/not-an-id/history')).toMatchObject({
          status: 400,
          body: { error: { code: 'VALIDATION_FAILED' } },
        });
        expect((await get(`/interactions/${s4}/history?limit=51`, 'alice')).status).toBe(400);
      });
    });
  });

  describe('the search query plan (I4)', () => {
    beforeAll(async () => {
      // Enough rows that scanning them all costs more than the indexes: 4,000 closed
      // conversations of 2019 with 5 messages each, of words no other test searches for.
      await service.runtime.dataSource.query(`
        INSERT INTO conversation_view (interaction_id, requester_address, company_address, state, created_at, participant_ids)
        SELECT ('01900000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid, '+1555000' || lpad((n % 1000)::text, 4, '0'),
               '+15550100001', 'closed_complete', '2019-01-01T00:00:00Z'::timestamptz + n * interval '1 minute', '{}'
          FROM generate_series(1, 4000) n`);
      await service.runtime.dataSource.query(`
        INSERT INTO message_view (message_id, interaction_id, direction, author_kind, body, occurred_at)
        SELECT gen_random_uuid(), ('01900000-0000-7000-8000-' || lpad((n / 5 + 1)::text, 12, '0'))::uuid, 'inbound', 'requester',
               'bulk message number ' || n || ' about topic' || (n % 997) || ' and word' || (n % 89),
               '2019-01-01T00:00:00Z'::timestamptz + n * interval '1 second'
          FROM generate_series(0, 19999) n`);
      // Only a table's owner may analyse it; the service's own role would be skipped with a warning
      // and leave the planner without statistics (decision 46).
      const admin = new DataSource({ type: 'postgres', url: environment.databaseUrl });
      await admin.initialize();
      try {
        await admin.query(`ANALYZE agent_gateway.conversation_view`);
        await admin.query(`ANALYZE agent_gateway.message_view`);
      } finally {
        await admin.destroy();
      }
    });

    async function plan(statement: { sql: string; params: unknown[] }, seqscan = true): Promise<string> {
      return service.runtime.dataSource.transaction(async (manager) => {
        if (!seqscan) await manager.query(`SET LOCAL enable_seqscan = off`);
        const rows = await manager.query<Array<{ 'QUERY PLAN': string }>>(
          `EXPLAIN ${statement.sql}`,
          statement.params,
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    }

    const filters = {
      requesterAddress: null,
      requesterUserId: null,
      companyAddress: null,
      from: null,
      to: null,
      state: 'closed' as const,
    };

    it('I4: finds the messages with the words through the GIN index, not by reading every message', async () => {
      const text = await plan(
        searchStatement(
          { ...filters, scope: { kind: 'all' }, words: 'topic123' },
          { limit: 20, after: null },
        ),
      );
      expect(text).toContain('message_view_body_search_idx');
      expect(text).not.toMatch(/Seq Scan on message_view/);
    });

    it('I4: an agent’s search can use the participants index', async () => {
      const text = await plan(
        searchStatement(
          { ...filters, scope: { kind: 'mine', agentId: ALICE.id }, words: null },
          { limit: 20, after: null },
        ),
        false,
      );
      expect(text).toContain('conversation_view_participants_idx');
    });

    it('I4: the search still answers over the bulk, by word, and each page is newest first', async () => {
      const answer = await search2('q=topic5&limit=3');
      expect(answer.items).toHaveLength(3);
      const created = answer.items.map((item) => Date.parse(item.createdAt as string));
      expect([...created].sort((a, b) => b - a)).toEqual(created);
      expect(answer.items[0]?.match).toMatchObject({
        snippet: expect.arrayContaining([{ text: 'topic5', match: true }]),
      });
    });

    async function search2(query: string): Promise<Page> {
      const answer = await get(`/interactions/search?${query}`);
      expect(answer.status).toBe(200);
      return page.parse(answer.body);
    }
  });

  describe('the OpenAPI document', () => {
    const AUTH = ['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED'];
    const errorCodes = z.object({
      content: z.object({
        'application/json': z.object({
          schema: z.object({
            allOf: z.tuple([
              z.unknown(),
              z.object({
                properties: z.object({
                  error: z.object({
                    properties: z.object({ code: z.object({ enum: z.array(z.string()) }) }),
                  }),
                }),
              }),
            ]),
          }),
        }),
      }),
    });
    const operation = z.object({
      summary: z.string(),
      parameters: z.array(z.object({ name: z.string(), in: z.string() })),
      responses: z.record(z.string(), z.unknown()),
    });

    it.each<[string, string[], Record<string, string[]>]>([
      [
        '/supervision/ongoing',
        ['agentId', 'companyNumber', 'state', 'limit', 'cursor'],
        { '400': ['VALIDATION_FAILED', 'PHONE_NUMBER_INVALID'], '401': AUTH, '403': ['ROLE_NOT_ALLOWED'] },
      ],
      [
        '/supervision/waiting',
        ['queueState', 'agentId', 'companyNumber', 'limit', 'cursor'],
        { '400': ['VALIDATION_FAILED', 'PHONE_NUMBER_INVALID'], '401': AUTH, '403': ['ROLE_NOT_ALLOWED'] },
      ],
      [
        '/interactions/search',
        ['requester', 'userId', 'companyNumber', 'from', 'to', 'q', 'state', 'limit', 'cursor'],
        { '400': ['VALIDATION_FAILED', 'PHONE_NUMBER_INVALID'], '401': AUTH },
      ],
      [
        '/interactions/{id}/history',
        ['id', 'limit', 'cursor'],
        { '400': ['VALIDATION_FAILED'], '401': AUTH, '404': ['INTERACTION_NOT_FOUND'] },
      ],
    ])(
      'documents GET %s with its parameters and every error code it gives',
      async (path, parameters, errors) => {
        const response = await fetch(`${service.url}/docs/openapi.json`);
        const document = z
          .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
          .parse(await response.json());
        const documented = operation.parse(document.paths[path]?.get);
        expect(documented.parameters.map((parameter) => parameter.name).sort()).toEqual(
          [...parameters].sort(),
        );
        expect(documented.responses['200']).toBeDefined();
        for (const [status, codes] of Object.entries(errors)) {
          // Its own codes, then what the platform's body parsers answer at that status.
          expect(
            errorCodes.parse(documented.responses[status]).content['application/json'].schema.allOf[1]
              .properties.error.properties.code.enum,
          ).toEqual(withBodyParserCodes(Number(status), codes));
        }
      },
    );
  });
});
