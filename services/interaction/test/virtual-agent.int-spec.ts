import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvelope, type EnvelopeOf } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { RequesterOptOuts } from '../src/app/requester-opt-outs';
import { TranscriptWriter } from '../src/app/transcript-writer';
import { WAITING_IN_QUEUE_NOTE } from '../src/app/route-to-agents';
import { interactionService } from '../src/interaction.service';
import type { BotRequest } from '../src/infra/http-virtual-agent';

const SUPPORT = '+15550100001';
const BILLING = '+15550100002';
const BOT = '+15550100003';
const SLOW_BOT = '+15550100004';
const BROKEN_BOT = '+15550100005';
const GUEST = '01970000-0000-7000-8000-000000000001';

const demo = JSON.parse(
  readFileSync(join(__dirname, '..', 'config', 'demo-company-numbers.json'), 'utf8'),
) as { numbers: Record<string, { greeting?: string; virtualAgent: Record<string, unknown> }> };
const BILLING_VA = demo.numbers[BILLING]!.virtualAgent as {
  greeting: string;
  menuPrompt: string;
  handoffMessage: string;
  notUnderstood: string;
};
const SUPPORT_GREETING = demo.numbers[SUPPORT]!.greeting!;
const HANDOFF_MESSAGE = BILLING_VA.handoffMessage;
const CARD_ANSWER = 'Pay by card in the app under Billing > Pay, or call 555-0100 any time.';
const BALANCE_ANSWER =
  'Your balance and due date are on the first page of your latest bill, and in the app under Billing.';

let phone = 5559000000;
function nextPhone(): string {
  return `+1${++phone}`;
}

interface TranscriptRow {
  id: string;
  direction: string;
  author_kind: string;
  body: string;
  visibility: string;
}

/**
 * The company's bot for the HTTP virtual agent: answers on /ok (and remembers what it was sent),
 * never answers on /slow, and fails on /broken.
 */
class FakeBot {
  readonly requests: BotRequest[] = [];
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const turn = JSON.parse(body) as BotRequest;
    if (request.url === '/slow') {
      this.hanging.add(response);
      return;
    }
    if (request.url === '/broken') {
      response.writeHead(500).end('internal error');
      return;
    }
    this.requests.push(turn);
    const count = ((turn.state as { count?: number } | null)?.count ?? 0) + 1;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify(
          turn.message.body === 'bye'
            ? { replies: ['The bot passes you on.'], handoff: { reason: 'topic_handoff' } }
            : { replies: [`Bot reply ${count} to: ${turn.message.body}`], state: { count } },
        ),
      );
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('interaction: the virtual agent (SPEC R1, R3, "Virtual agent") and what reaches the phone (S1)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;
  let settingsFile: string;
  const bot = new FakeBot();

  const boot = () =>
    bootService(interactionService, environment, { INTERACTION_COMPANY_NUMBERS_FILE: settingsFile });

  beforeAll(async () => {
    const botUrl = await bot.start();
    const httpAgent = (path: string) => ({
      virtualAgent: {
        kind: 'http',
        url: `${botUrl}${path}`,
        timeoutMs: 300,
        handoffMessage: HANDOFF_MESSAGE,
      },
    });
    settingsFile = join(mkdtempSync(join(tmpdir(), 'interaction-va-')), 'company-numbers.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({
        ...demo,
        numbers: {
          ...demo.numbers,
          [BOT]: httpAgent('/ok'),
          [SLOW_BOT]: httpAgent('/slow'),
          [BROKEN_BOT]: httpAgent('/broken'),
        },
      }),
    );
    environment = await createIsolatedEnvironment();
    service = await boot();
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'interaction.conversation.created.v1',
      'interaction.message.appended.v1',
      'interaction.conversation.state-changed.v1',
      'routing.workitem.enqueue.v1',
      'sms.outbound.send.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
    await bot.stop();
  });

  function resolved(from: string, to: string, body: string) {
    return createEnvelope('profile.requester.resolved.v1', {
      profileId: uuidv7(),
      address: from,
      userId: null,
      requesterUserId: GUEST,
      identityConflict: false,
      message: inboundSms({ from, to, body }),
    });
  }

  /** Texts `to` from `from`; resolves with the envelope, once its message is in the transcript. */
  async function text(
    from: string,
    to: string,
    body: string,
  ): Promise<EnvelopeOf<'profile.requester.resolved.v1'>> {
    const envelope = resolved(from, to, body);
    await tap.publish(envelope);
    await tap.waitFor(
      'interaction.message.appended.v1',
      (event) => event.data.messageId === envelope.data.message.messageId,
    );
    return envelope;
  }

  async function interactionOf(from: string, to: string): Promise<string> {
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from && event.data.companyAddress === to,
    );
    return created!.data.interactionId;
  }

  /** The SMS sent to `to`, in the order they were published. */
  function smsTo(to: string): string[] {
    return tap
      .events('sms.outbound.send.v1')
      .filter((event) => event.data.to === to)
      .map((event) => event.data.body);
  }

  async function waitForSms(to: string, count: number): Promise<string[]> {
    await tap.waitFor('sms.outbound.send.v1', (event) => event.data.to === to, count);
    return smsTo(to);
  }

  async function transcript(interactionId: string): Promise<TranscriptRow[]> {
    return service.runtime.dataSource.query<TranscriptRow[]>(
      `SELECT id, direction, author_kind, body, visibility FROM message
        WHERE interaction_id = $1 ORDER BY occurred_at, gateway_sequence NULLS LAST, id`,
      [interactionId],
    );
  }

  /** How many appended messages the virtual agent's consumer let go (NOTHING_TO_DO). */
  async function ignoredByVirtualAgent(): Promise<number> {
    const { values } = await service.runtime.metrics.consumed.get();
    return values
      .filter(
        (value) =>
          value.labels.consumer === 'interaction_interaction-message-appended_v1' &&
          value.labels.outcome === 'ignored',
      )
      .reduce((sum, value) => sum + value.value, 0);
  }

  async function interactionRow(interactionId: string) {
    const [row] = await service.runtime.dataSource.query<
      Array<{ handled_by: string; state: string; va_handoff_reason: string | null; va_turns: number }>
    >(`SELECT handled_by, state, va_handoff_reason, va_turns FROM interaction WHERE id = $1`, [
      interactionId,
    ]);
    return row!;
  }

  async function outboxCount(subject: string, interactionId: string): Promise<number> {
    const [row] = await service.runtime.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND payload->>'correlationId' = $2`,
      [subject, interactionId],
    );
    return row!.n;
  }

  async function expectHandedOff(interactionId: string, reason: string): Promise<void> {
    const [changed] = await tap.waitFor(
      'interaction.conversation.state-changed.v1',
      (event) => event.data.interactionId === interactionId,
    );
    expect(changed!.data).toEqual({
      interactionId,
      from: 'new',
      to: 'new',
      assigneeId: null,
      cause: 'va_handoff',
      actor: { kind: 'virtual_agent', id: null },
    });
    const [enqueued] = await tap.waitFor(
      'routing.workitem.enqueue.v1',
      (event) => event.data.interactionId === interactionId,
    );
    expect(enqueued!.data.attributes).toMatchObject({ handoffReason: reason });
    expect(await interactionRow(interactionId)).toMatchObject({
      handled_by: 'routing',
      state: 'new',
      va_handoff_reason: reason,
    });
    const notes = (await transcript(interactionId)).filter((row) => row.visibility === 'agents_only');
    expect(notes.map((note) => note.body)).toEqual([
      expect.stringMatching(/^The virtual agent handed this conversation to an agent: /),
      WAITING_IN_QUEUE_NOTE,
    ]);
  }

  describe('R1 and R3 with the built-in virtual agent (Billing)', () => {
    it('R1: a requester texting a number with a virtual agent gets its greeting and menu, and is not routed', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hello');
      const interactionId = await interactionOf(from, BILLING);
      const sent = await waitForSms(from, 2);
      expect(sent).toEqual([
        BILLING_VA.greeting,
        expect.stringMatching(/^How can I help\? Reply with a number:\n1\. /),
      ]);
      expect(await interactionRow(interactionId)).toMatchObject({ handled_by: 'virtual_agent', va_turns: 1 });
      // The enqueue would have been written with the interaction, before the replies.
      expect(await outboxCount('routing.workitem.enqueue.v1', interactionId)).toBe(0);
      const replies = tap
        .events('interaction.message.appended.v1')
        .filter((event) => event.data.interactionId === interactionId && event.data.direction === 'outbound');
      expect(replies.map((event) => [event.data.author, event.data.visibility])).toEqual([
        [{ kind: 'virtual_agent', id: null }, 'requester_visible'],
        [{ kind: 'virtual_agent', id: null }, 'requester_visible'],
      ]);
    });

    it('R3: a later message goes to the virtual agent, which continues the same topic', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      await waitForSms(from, 2);
      await text(from, BILLING, '2');
      expect((await waitForSms(from, 3))[2]).toMatch(/^Which way of paying\?/);
      await text(from, BILLING, '1');
      // 1 inside "Ways to pay" is Card, not the main menu's first topic (balance).
      expect((await waitForSms(from, 4))[3]).toBe(CARD_ANSWER);
      const interactionId = await interactionOf(from, BILLING);
      expect(await interactionRow(interactionId)).toMatchObject({ handled_by: 'virtual_agent', va_turns: 3 });
      expect(smsTo(from)).not.toContain(BALANCE_ANSWER);
    });

    it('R3: the VA continues the same topic after a restart', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      await text(from, BILLING, '2');
      await waitForSms(from, 3);
      await service.stop();
      service = await boot();
      await text(from, BILLING, '1');
      expect((await waitForSms(from, 4))[3]).toBe(CARD_ANSWER);
    });

    it('a message delivered twice, or announced again under another event id, is answered once', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      const second = await text(from, BILLING, '1');
      await waitForSms(from, 3);
      const interactionId = await interactionOf(from, BILLING);
      // The resolution again: the inbound message is already in the transcript.
      await tap.publish(createEnvelope('profile.requester.resolved.v1', second.data));
      // Its appended event again, under a new event id, so the consumer's inbox does not catch it.
      const [appended] = await tap.waitFor(
        'interaction.message.appended.v1',
        (event) => event.data.messageId === second.data.message.messageId,
      );
      const replay = createEnvelope('interaction.message.appended.v1', appended!.data, {
        correlationId: interactionId,
      });
      const before = await ignoredByVirtualAgent();
      await tap.publish(replay);
      // The turn was taken already: the consumer lets it go without a transaction.
      await eventually(async () => expect(await ignoredByVirtualAgent()).toBe(before + 1));
      expect(await outboxCount('sms.outbound.send.v1', interactionId)).toBe(3);
      expect(await interactionRow(interactionId)).toMatchObject({ va_turns: 2 });
    });

    it('two messages handled at once are each answered once, from the state the other left', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      await waitForSms(from, 2);
      const interactionId = await interactionOf(from, BILLING);
      await Promise.all([
        tap.publish(resolved(from, BILLING, '1')),
        tap.publish(resolved(from, BILLING, '1')),
      ]);
      await eventually(async () =>
        expect(await interactionRow(interactionId)).toMatchObject({ va_turns: 3 }),
      );
      expect((await waitForSms(from, 4)).slice(2)).toEqual([BALANCE_ANSWER, BALANCE_ANSWER]);
    });
  });

  describe('handoff to routing', () => {
    it.each([['AGENT!'], ['a human, please?'], ['Can I speak to a representative']])(
      'requested_person: %p hands the conversation to routing',
      async (message) => {
        const from = nextPhone();
        await text(from, BILLING, 'hi');
        await waitForSms(from, 2);
        await text(from, BILLING, message);
        const interactionId = await interactionOf(from, BILLING);
        await expectHandedOff(interactionId, 'requested_person');
        expect((await waitForSms(from, 3))[2]).toBe(HANDOFF_MESSAGE);
      },
    );

    it('topic_handoff: the menu choice "Talk to a live agent" hands over', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      await text(from, BILLING, '4');
      const interactionId = await interactionOf(from, BILLING);
      await expectHandedOff(interactionId, 'topic_handoff');
      // W2: routing's queue conditions can test the topic that handed over.
      const [enqueued] = await tap.waitFor(
        'routing.workitem.enqueue.v1',
        (event) => event.data.interactionId === interactionId,
      );
      expect(enqueued!.data.attributes).toMatchObject({ topic: 'live-agent' });
    });

    it('not_understood: two misunderstandings in a row hand over', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      await text(from, BILLING, 'purple');
      expect((await waitForSms(from, 4))[2]).toBe(BILLING_VA.notUnderstood);
      await text(from, BILLING, 'elephant');
      const interactionId = await interactionOf(from, BILLING);
      await expectHandedOff(interactionId, 'not_understood');
    });

    it('after a handoff, later messages are for agents: the virtual agent does not answer them', async () => {
      const from = nextPhone();
      const start = await ignoredByVirtualAgent();
      await text(from, BILLING, 'agent');
      const interactionId = await interactionOf(from, BILLING);
      await expectHandedOff(interactionId, 'requested_person');
      const later = await text(from, BILLING, '1');
      // Every appended message of this conversation reaches the virtual agent's consumer: it took
      // the first as its turn and let all the others go, the later requester message included.
      await eventually(async () => {
        const appended = await outboxCount('interaction.message.appended.v1', interactionId);
        expect(
          await service.runtime.dataSource.query<unknown[]>(`SELECT 1 FROM message WHERE id = $1`, [
            later.data.message.messageId,
          ]),
        ).toHaveLength(1);
        expect(await ignoredByVirtualAgent()).toBe(start + appended - 1);
      });
      expect(smsTo(from)).toEqual([HANDOFF_MESSAGE]);
      expect(await outboxCount('routing.workitem.enqueue.v1', interactionId)).toBe(1);
    });
  });

  describe('an external bot over HTTP', () => {
    it('answers the requester, and is given back the state it kept on the next message', async () => {
      const from = nextPhone();
      await text(from, BOT, 'hello bot');
      expect(await waitForSms(from, 1)).toEqual(['Bot reply 1 to: hello bot']);
      await text(from, BOT, 'again');
      expect((await waitForSms(from, 2))[1]).toBe('Bot reply 2 to: again');
      const interactionId = await interactionOf(from, BOT);
      const sent = bot.requests.filter((request) => request.interactionId === interactionId);
      expect(sent.map((request) => [request.message.body, request.state])).toEqual([
        ['hello bot', null],
        ['again', { count: 1 }],
      ]);
      expect(sent[0]).toMatchObject({ companyNumber: BOT, message: { id: expect.any(String) } });
    });

    it('hands over with the bot’s own reason when the bot says so', async () => {
      const from = nextPhone();
      await text(from, BOT, 'bye');
      const interactionId = await interactionOf(from, BOT);
      await expectHandedOff(interactionId, 'topic_handoff');
      expect(await waitForSms(from, 1)).toEqual(['The bot passes you on.']);
    });

    it.each([
      ['times out', SLOW_BOT, /no answer within 300 ms/],
      ['answers 500', BROKEN_BOT, /HTTP 500/],
    ])('bot_unavailable: a bot that %s hands the requester to a person', async (_case, number, detail) => {
      const from = nextPhone();
      await text(from, number, 'hello?');
      const interactionId = await interactionOf(from, number);
      await expectHandedOff(interactionId, 'bot_unavailable');
      expect(await waitForSms(from, 1)).toEqual([HANDOFF_MESSAGE]);
      const [note] = (await transcript(interactionId)).filter((row) => row.visibility === 'agents_only');
      expect(note!.body).toMatch(detail);
    });
  });

  describe('S1: what reaches the phone', () => {
    it('R1 without a virtual agent: the greeting is sent, the interaction routed, and the queue note is for agents only', async () => {
      const from = nextPhone();
      await text(from, SUPPORT, 'my order is late');
      const interactionId = await interactionOf(from, SUPPORT);
      await tap.waitFor('routing.workitem.enqueue.v1', (event) => event.data.interactionId === interactionId);
      expect(await waitForSms(from, 1)).toEqual([SUPPORT_GREETING]);
      await eventually(async () =>
        expect(
          (await transcript(interactionId)).map((row) => [
            row.direction,
            row.author_kind,
            row.body,
            row.visibility,
          ]),
        ).toEqual([
          ['inbound', 'requester', 'my order is late', 'requester_visible'],
          ['outbound', 'system', SUPPORT_GREETING, 'requester_visible'],
          ['internal', 'system', WAITING_IN_QUEUE_NOTE, 'agents_only'],
        ]),
      );
      expect(await interactionRow(interactionId)).toMatchObject({ handled_by: 'routing' });
    });

    it('every requester-visible outbound entry is sent by SMS and no agents-only entry ever is', async () => {
      const from = nextPhone();
      await text(from, BILLING, 'hi');
      // The greeting and the menu first: texted at once, 'human' could be stamped before them.
      await waitForSms(from, 2);
      await text(from, BILLING, 'human');
      const interactionId = await interactionOf(from, BILLING);
      await expectHandedOff(interactionId, 'requested_person');
      const rows = await transcript(interactionId);
      const sends = await service.runtime.dataSource.query<Array<{ outbound_id: string }>>(
        `SELECT payload->'data'->>'outboundId' AS outbound_id FROM outbox
          WHERE subject = 'sms.outbound.send.v1' AND payload->>'correlationId' = $1`,
        [interactionId],
      );
      const sent = new Set(sends.map((send) => send.outbound_id));
      expect(rows.map((row) => [row.author_kind, row.visibility, sent.has(row.id)])).toEqual([
        ['requester', 'requester_visible', false],
        ['virtual_agent', 'requester_visible', true],
        ['virtual_agent', 'requester_visible', true],
        ['requester', 'requester_visible', false],
        ['virtual_agent', 'requester_visible', true],
        ['system', 'agents_only', false],
        ['system', 'agents_only', false],
      ]);
      const announced = new Map(
        tap
          .events('interaction.message.appended.v1')
          .filter((event) => event.data.interactionId === interactionId)
          .map((event) => [event.data.messageId, event.data.visibility]),
      );
      expect(rows.map((row) => announced.get(row.id))).toEqual(rows.map((row) => row.visibility));
    });

    it('the transcript writer: sendToRequester goes to the phone, noteForAgents (a joined notice) never does', async () => {
      const from = nextPhone();
      await text(from, SUPPORT, 'hello');
      const interactionId = await interactionOf(from, SUPPORT);
      const interaction = { id: interactionId, requesterAddress: from, companyAddress: SUPPORT };
      const writer = new TranscriptWriter(
        service.runtime.outbox,
        new RequesterOptOuts(service.runtime.outbox),
      );
      const [replyId, noteId, promptId] = [uuidv7(), uuidv7(), uuidv7()];
      await service.runtime.dataSource.transaction(async (manager) => {
        await writer.noteForAgents(manager, interaction, {
          body: 'Alice joined the conversation.',
          messageId: noteId,
        });
        await writer.sendToRequester(manager, interaction, {
          authorKind: 'agent',
          authorId: 'agent-alice',
          body: 'Hi, Alice here.',
          messageId: replyId,
        });
        await writer.sendToRequester(manager, interaction, {
          authorKind: 'system',
          authorId: null,
          body: 'Are you still there?',
          messageId: promptId,
        });
        // The same id again sends nothing.
        expect(
          await writer.sendToRequester(manager, interaction, {
            authorKind: 'system',
            authorId: null,
            body: 'Are you still there?',
            messageId: promptId,
          }),
        ).toEqual({ kind: 'duplicate' });
      });
      await waitForSms(from, 3);
      const [note] = await tap.waitFor(
        'interaction.message.appended.v1',
        (event) => event.data.messageId === noteId,
      );
      expect(note!.data).toMatchObject({
        direction: 'internal',
        author: { kind: 'system', id: null },
        visibility: 'agents_only',
      });
      expect(smsTo(from).sort()).toEqual(
        [SUPPORT_GREETING, 'Hi, Alice here.', 'Are you still there?'].sort(),
      );
      expect(tap.events('sms.outbound.send.v1').some((event) => event.data.outboundId === noteId)).toBe(
        false,
      );
    });
  });
});
