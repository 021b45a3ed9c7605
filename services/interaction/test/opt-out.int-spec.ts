// SPEC S2 against the real servers: keywords opt a phone pair out and in with one confirmation,
// and nothing else reaches an opted-out number, whoever tries.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvelope, type EnvelopeOf, queries } from '@threadline/contracts';
import { consumerOf, type RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  inboundSms,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { derivedMessageId } from '../src/domain/derived-id';
import { interactionService } from '../src/interaction.service';

const SUPPORT = '+15550100001';
const FRENCH = '+15550100002';
const GUEST = '01970000-0000-7000-8000-000000000001';
const ALICE = 'agent-alice';
const OPT_OUT_TEXT = 'Acme: you will get no more texts. Reply START to resubscribe.';
const OPT_IN_TEXT = 'Acme: welcome back.';
const HELP_TEXT = 'Acme support: reply here, or call 555-0100.';

let phone = 5557600000;
function nextPhone(): string {
  return `+1${++phone}`;
}

type Resolved = EnvelopeOf<'profile.requester.resolved.v1'>;

function resolved(
  from: string,
  body: string,
  to = SUPPORT,
  message = inboundSms({ from, to, body }),
): Resolved {
  return createEnvelope('profile.requester.resolved.v1', {
    profileId: uuidv7(),
    address: from,
    userId: null,
    requesterUserId: GUEST,
    identityConflict: false,
    message,
  });
}

interface TranscriptRow {
  id: string;
  direction: string;
  author_kind: string;
  body: string;
  visibility: string;
}

describe('interaction: opt-out (SPEC S2)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;
  let settingsFile: string;

  const boot = () =>
    bootService(interactionService, environment, { INTERACTION_COMPANY_NUMBERS_FILE: settingsFile });

  beforeAll(async () => {
    settingsFile = join(mkdtempSync(join(tmpdir(), 'interaction-opt-out-')), 'company-numbers.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({
        default: {
          greeting: 'Hello from Acme.',
          companyName: 'Acme',
          optOut: { optOutConfirmation: OPT_OUT_TEXT, optInConfirmation: OPT_IN_TEXT, helpText: HELP_TEXT },
        },
        numbers: {
          [FRENCH]: {
            optOut: {
              optOutKeywords: ['ARRET'],
              optInKeywords: ['REPRENDRE'],
              optOutConfirmation: 'Acme : vous ne recevrez plus de messages.',
              helpText: 'Acme : écrivez-nous ici.',
            },
          },
        },
      }),
    );
    environment = await createIsolatedEnvironment();
    service = await boot();
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'interaction.conversation.created.v1',
      'interaction.message.appended.v1',
      'interaction.requester.opt-out-changed.v1',
      'sms.outbound.send.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  const db = () => service.runtime.dataSource;

  async function consumed(): Promise<number> {
    const durable = consumerOf('interaction', 'profile.requester.resolved.v1').durable;
    const { values } = await service.runtime.metrics.consumed.get();
    return (
      values.find((value) => value.labels.consumer === durable && value.labels.outcome === 'handled')
        ?.value ?? 0
    );
  }

  /** Publishes the requester's message and waits until interaction is done with it. */
  async function text(envelope: Resolved): Promise<void> {
    const before = await consumed();
    await tap.publish(envelope);
    await eventually(async () => expect(await consumed()).toBeGreaterThan(before));
  }

  /** Every SMS interaction asked sms-gateway to send to `to`, oldest first (the outbox keeps them). */
  async function sendsTo(
    to: string,
  ): Promise<Array<{ outboundId: string; body: string; interactionId: string | null }>> {
    const rows = await db().query<
      Array<{ data: { outboundId: string; body: string; interactionId: string | null } }>
    >(
      `SELECT payload->'data' AS data FROM outbox
        WHERE subject = 'sms.outbound.send.v1' AND payload->'data'->>'to' = $1 ORDER BY id`,
      [to],
    );
    return rows.map((row) => row.data);
  }

  async function transcript(interactionId: string): Promise<TranscriptRow[]> {
    return db().query<TranscriptRow[]>(
      `SELECT id, direction, author_kind, body, visibility FROM message
        WHERE interaction_id = $1 ORDER BY occurred_at, gateway_sequence NULLS LAST, id`,
      [interactionId],
    );
  }

  /** A conversation of a new requester, held by Alice; its greeting was sent. */
  async function held(from = nextPhone()): Promise<string> {
    await text(resolved(from, 'hello'));
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from,
    );
    const interactionId = created!.data.interactionId;
    await service.runtime.ask(queries.recordAssignment, {
      interactionId,
      workItemId: uuidv7(),
      agentId: ALICE,
    });
    return interactionId;
  }

  function agentSends(interactionId: string, body = 'Are you there?') {
    return service.runtime.ask(queries.sendMessage, {
      interactionId,
      messageId: uuidv7(),
      agentId: ALICE,
      body,
    });
  }

  async function optOutRow(from: string, company = SUPPORT) {
    const [row] = await db().query<Array<{ opted_out: boolean; source: string; keyword: string | null }>>(
      `SELECT opted_out, source, keyword FROM requester_opt_out WHERE company_address = $1 AND requester_address = $2`,
      [company, from],
    );
    return row ?? null;
  }

  it('S2: STOP in a conversation opts the pair out with exactly one confirmation, recorded for agents', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    const stop = resolved(from, ' Stop! ');
    await text(stop);
    // The same message in a second event (profile resolved it twice): nothing is sent again.
    await text(resolved(from, ' Stop! ', SUPPORT, stop.data.message));

    const [changed] = await tap.waitFor(
      'interaction.requester.opt-out-changed.v1',
      (event) => event.data.requesterAddress === from,
    );
    expect(changed!.data).toMatchObject({
      companyAddress: SUPPORT,
      optedOut: true,
      source: 'keyword',
      keyword: 'STOP',
      interactionId,
    });
    expect(await optOutRow(from)).toEqual({ opted_out: true, source: 'keyword', keyword: 'STOP' });
    const sends = await sendsTo(from);
    expect(sends.map((send) => send.body)).toEqual(['Hello from Acme.', OPT_OUT_TEXT]);
    expect(sends[1]!.outboundId).toBe(derivedMessageId(stop.data.message.messageId, 'keyword-answer'));
    const lines = await transcript(interactionId);
    expect(lines.slice(-3)).toEqual([
      expect.objectContaining({ direction: 'inbound', body: ' Stop! ', visibility: 'requester_visible' }),
      expect.objectContaining({
        direction: 'internal',
        visibility: 'agents_only',
        body: expect.stringMatching(/^The requester opted out by texting STOP\./),
      }),
      expect.objectContaining({ direction: 'outbound', author_kind: 'system', body: OPT_OUT_TEXT }),
    ]);
  });

  it('S2: STOP again while opted out sends no second confirmation (one per opt-out)', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    await text(resolved(from, 'STOP'));
    await text(resolved(from, 'unsubscribe'));
    await text(resolved(from, 'stop'));
    expect((await sendsTo(from)).map((send) => send.body)).toEqual(['Hello from Acme.', OPT_OUT_TEXT]);
    expect(
      tap.events('interaction.requester.opt-out-changed.v1').filter((e) => e.data.requesterAddress === from),
    ).toHaveLength(1);
    // Both later keywords are still in the transcript, as the requester's messages.
    const inbound = (await transcript(interactionId)).filter((line) => line.direction === 'inbound');
    expect(inbound.map((line) => line.body)).toEqual(['hello', 'STOP', 'unsubscribe', 'stop']);
  });

  it('S2: an agent sending to an opted-out pair is refused with 409 RECIPIENT_OPTED_OUT, and nothing is written', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    await text(resolved(from, 'QUIT'));
    const before = await transcript(interactionId);
    const messageId = uuidv7();
    const attempt = service.runtime.ask(queries.sendMessage, {
      interactionId,
      messageId,
      agentId: ALICE,
      body: 'Wait!',
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'RECIPIENT_OPTED_OUT',
      status: 409,
      details: expect.objectContaining({ source: 'keyword', keyword: 'QUIT' }),
    });
    expect(await transcript(interactionId)).toEqual(before);
    expect((await sendsTo(from)).map((send) => send.outboundId)).not.toContain(messageId);
    const outbox = await db().query<unknown[]>(
      `SELECT 1 FROM outbox WHERE payload->'data'->>'messageId' = $1 OR payload->'data'->>'outboundId' = $1`,
      [messageId],
    );
    expect(outbox).toHaveLength(0);
  });

  it('S2: START opts back in with one confirmation, and the agent can send again', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    await text(resolved(from, 'STOP'));
    const start = resolved(from, 'start');
    await text(start);
    await text(resolved(from, 'start', SUPPORT, start.data.message));
    expect(await optOutRow(from)).toEqual({ opted_out: false, source: 'keyword', keyword: 'START' });
    await expect(agentSends(interactionId, 'Welcome back')).resolves.toMatchObject({
      deliveryStatus: 'queued',
    });
    expect((await sendsTo(from)).map((send) => send.body)).toEqual([
      'Hello from Acme.',
      OPT_OUT_TEXT,
      OPT_IN_TEXT,
      'Welcome back',
    ]);
    const notes = (await transcript(interactionId)).filter((line) => line.visibility === 'agents_only');
    expect(notes.map((line) => line.body)).toEqual(
      expect.arrayContaining(['The requester opted back in by texting START.']),
    );
  });

  it('S2: YES from a number that never opted out is an ordinary message (no confirmation)', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    await text(resolved(from, 'Yes'));
    expect((await sendsTo(from)).map((send) => send.body)).toEqual(['Hello from Acme.']);
    expect((await transcript(interactionId)).map((line) => line.body)).toContain('Yes');
    expect(await optOutRow(from)).toBeNull();
  });

  it('S2: HELP is answered with the configured text, in the conversation and outside one, opening none', async () => {
    const inConversation = nextPhone();
    const interactionId = await held(inConversation);
    await text(resolved(inConversation, 'help'));
    expect((await sendsTo(inConversation)).map((send) => [send.body, send.interactionId])).toEqual([
      ['Hello from Acme.', interactionId],
      [HELP_TEXT, interactionId],
    ]);

    const stranger = nextPhone();
    const help = resolved(stranger, 'INFO');
    await text(help);
    expect(await sendsTo(stranger)).toEqual([
      {
        from: SUPPORT,
        to: stranger,
        outboundId: derivedMessageId(help.data.message.messageId, 'keyword-answer'),
        body: HELP_TEXT,
        interactionId: null,
      },
    ]);
    expect(
      tap.events('interaction.conversation.created.v1').filter((e) => e.data.requesterAddress === stranger),
    ).toEqual([]);
  });

  it('S2: STOP and START with no conversation open none and each confirm once', async () => {
    const from = nextPhone();
    await text(resolved(from, 'STOP'));
    await text(resolved(from, 'STOP'));
    expect(await optOutRow(from)).toMatchObject({ opted_out: true });
    await text(resolved(from, 'START'));
    expect((await sendsTo(from)).map((send) => send.body)).toEqual([OPT_OUT_TEXT, OPT_IN_TEXT]);
    expect(
      tap.events('interaction.conversation.created.v1').filter((e) => e.data.requesterAddress === from),
    ).toEqual([]);
  });

  it('S2: an opted-out requester who writes opens a conversation, but gets no greeting (agents read why)', async () => {
    const from = nextPhone();
    await text(resolved(from, 'STOP'));
    await text(resolved(from, 'my bill is wrong'));
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from,
    );
    const lines = await transcript(created!.data.interactionId);
    expect(lines.map((line) => [line.direction, line.body])).toEqual([
      ['inbound', 'my bill is wrong'],
      ['internal', 'Not sent: the requester opted out of messages from this number.'],
      ['internal', 'Waiting in the queue for an agent.'],
    ]);
    expect((await sendsTo(from)).map((send) => send.body)).toEqual([OPT_OUT_TEXT]);
  });

  it('S2: a messaging action does not prompt an opted-out requester; agents read that it was skipped', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    await text(resolved(from, 'END'));
    const timerId = uuidv7();
    await tap.publish(
      createEnvelope('timer.action.fired.v1', {
        timerId,
        interactionId,
        actionId: uuidv7(),
        action: { kind: 'prompt_requester', text: 'Are you still there?' },
        deadline: new Date(Date.now() - 1_000).toISOString(),
        firedAt: new Date().toISOString(),
        actionName: 'Quiet conversation',
        assigneeId: ALICE,
      }),
    );
    const entryId = derivedMessageId(timerId, 'messaging-action');
    await tap.waitFor('interaction.message.appended.v1', (event) => event.data.messageId === entryId);
    const [entry] = (await transcript(interactionId)).filter((line) => line.id === entryId);
    expect(entry).toEqual({
      id: entryId,
      direction: 'internal',
      author_kind: 'system',
      body: 'Messaging action "Quiet conversation" did not prompt the requester: they opted out of messages from this number.',
      visibility: 'agents_only',
    });
    expect((await sendsTo(from)).map((send) => send.body)).toEqual(['Hello from Acme.', OPT_OUT_TEXT]);
  });

  it('S2: a send the provider refused with 21610 opts the pair out (source provider), noted for agents', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    const { messageId } = await agentSends(interactionId, 'Your refund is ready');
    await tap.publish(
      createEnvelope('sms.outbound.status-changed.v1', {
        outboundId: messageId,
        providerMessageId: null,
        status: 'failed',
        errorCode: '21610',
        interactionId,
      }),
    );
    const [changed] = await tap.waitFor(
      'interaction.requester.opt-out-changed.v1',
      (event) => event.data.requesterAddress === from,
    );
    expect(changed!.data).toMatchObject({ optedOut: true, source: 'provider', keyword: null, interactionId });
    expect(await optOutRow(from)).toEqual({ opted_out: true, source: 'provider', keyword: null });
    await expect(agentSends(interactionId)).rejects.toMatchObject({
      code: 'RECIPIENT_OPTED_OUT',
      status: 409,
    });
    const notes = (await transcript(interactionId)).filter((line) => line.visibility === 'agents_only');
    expect(notes.map((line) => line.body)).toEqual(
      expect.arrayContaining([expect.stringMatching(/opted out with their carrier .*error 21610/)]),
    );
  });

  it('S2: the plan of an agent-initiated start shows the opt-out, and the start is refused with nothing written', async () => {
    const from = nextPhone();
    await text(resolved(from, 'STOPALL'));
    const pair = { agentId: ALICE, companyAddress: SUPPORT, requesterAddress: from, intendedUserId: null };
    const plan = await service.runtime.ask(queries.planAgentStart, pair);
    expect(plan).toMatchObject({
      rule: 'A1',
      optedOut: { source: 'keyword', keyword: 'STOPALL', since: expect.any(String) },
    });
    const attempt = service.runtime.ask(queries.startAgentConversation, {
      ...pair,
      messageId: uuidv7(),
      body: 'Hi, this is Acme',
      requesterUserId: GUEST,
      profileId: null,
      acknowledged: false,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'RECIPIENT_OPTED_OUT', status: 409 });
    const rows = await db().query<unknown[]>(
      `SELECT 1 FROM interaction WHERE company_address = $1 AND requester_address = $2`,
      [SUPPORT, from],
    );
    expect(rows).toHaveLength(0);
    expect((await sendsTo(from)).map((send) => send.body)).toEqual([OPT_OUT_TEXT]);
  });

  it('S2: each company number has its own keywords and texts, and its own opt-outs', async () => {
    const from = nextPhone();
    await text(resolved(from, 'arret', FRENCH));
    expect(await optOutRow(from, FRENCH)).toEqual({ opted_out: true, source: 'keyword', keyword: 'ARRET' });
    expect(await optOutRow(from, SUPPORT)).toBeNull();
    await text(resolved(from, 'aide', FRENCH));
    await text(resolved(from, 'HELP', FRENCH));
    expect((await sendsTo(from)).map((send) => send.body)).toEqual([
      'Acme : vous ne recevrez plus de messages.',
      'Acme : écrivez-nous ici.',
    ]);
    // STOP is no keyword on this number: it is an ordinary message and opens a conversation.
    const other = nextPhone();
    await text(resolved(other, 'STOP', FRENCH));
    await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === other,
    );
    expect(await optOutRow(other, FRENCH)).toBeNull();
  });

  it('S2: the opt-out survives a restart: a new instance on the same database refuses the agent', async () => {
    const from = nextPhone();
    const interactionId = await held(from);
    await text(resolved(from, 'cancel'));
    await service.stop();
    service = await boot();
    await expect(agentSends(interactionId)).rejects.toMatchObject({
      code: 'RECIPIENT_OPTED_OUT',
      status: 409,
    });
    expect(await optOutRow(from)).toMatchObject({ opted_out: true, keyword: 'CANCEL' });
  });
});
