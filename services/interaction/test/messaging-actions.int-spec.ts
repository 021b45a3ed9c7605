// SPEC M4, M5 and S1 against the real servers: interaction answers what a messaging action's filter
// tests, and carries out the actions the timer service fired, once per timer.
import {
  createEnvelope,
  encodeEnvelope,
  type Envelope,
  type EnvelopeOf,
  type PayloadOf,
  queries,
  type Subject,
} from '@threadline/contracts';
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
import { MESSAGING_ACTION_ENTRY_LABEL, messagingActionNote } from '../src/domain/messaging-action';
import { interactionService } from '../src/interaction.service';

type Fired = PayloadOf<'timer.action.fired.v1'>;
type Outcome = 'handled' | 'duplicate' | 'ignored';

const COMPANY = '+15550100031';
const GUEST = '01970000-0000-7000-8000-000000000001';
const ALICE = 'agent-alice';
const BOB = 'agent-bob';
const PROMPT = 'Are you still there? Reply to keep this conversation open.';

let phone = 5557400000;
function nextPhone(): string {
  return `+1${++phone}`;
}

interface TranscriptRow {
  id: string;
  direction: string;
  author_kind: string;
  author_id: string | null;
  body: string;
  visibility: string;
  delivery_status: string | null;
}

describe('interaction: messaging actions (SPEC M4, M5, S1)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;

  const db = () => service.runtime.dataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await bootService(interactionService, environment);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'interaction.conversation.created.v1',
      'interaction.conversation.state-changed.v1',
      'interaction.message.appended.v1',
      'routing.workitem.transfer.v1',
      'sms.outbound.send.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  /** SPEC R1: a requester's first message opens a conversation (routed, nobody's). */
  async function open(from = nextPhone()): Promise<string> {
    await tap.publish(
      createEnvelope('profile.requester.resolved.v1', {
        profileId: uuidv7(),
        address: from,
        userId: null,
        requesterUserId: GUEST,
        identityConflict: false,
        message: inboundSms({ from, to: COMPANY, body: 'hello' }),
      }),
    );
    const [created] = await tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.requesterAddress === from,
    );
    return created!.data.interactionId;
  }

  function assign(interactionId: string, agentId: string) {
    return service.runtime.ask(queries.recordAssignment, { interactionId, workItemId: uuidv7(), agentId });
  }

  /** A conversation Alice holds. */
  async function held(agentId = ALICE): Promise<string> {
    const interactionId = await open();
    await assign(interactionId, agentId);
    return interactionId;
  }

  function fired(
    interactionId: string,
    action: Fired['action'],
    extras: Partial<Fired> = {},
  ): EnvelopeOf<'timer.action.fired.v1'> {
    return createEnvelope(
      'timer.action.fired.v1',
      {
        timerId: uuidv7(),
        interactionId,
        actionId: uuidv7(),
        action,
        deadline: new Date(Date.now() - 1_000).toISOString(),
        firedAt: new Date().toISOString(),
        actionName: 'Quiet conversation',
        assigneeId: ALICE,
        ...extras,
      },
      { correlationId: interactionId },
    );
  }

  /** The same firing as `envelope` in another event (a retry of the timer service). */
  function again(envelope: EnvelopeOf<'timer.action.fired.v1'>, extras: Partial<Fired> = {}) {
    return createEnvelope(
      'timer.action.fired.v1',
      { ...envelope.data, ...extras },
      { correlationId: envelope.correlationId },
    );
  }

  /** How many fired events the consumer finished with this outcome. */
  async function consumed(outcome: Outcome): Promise<number> {
    const durable = consumerOf('interaction', 'timer.action.fired.v1').durable;
    const { values } = await service.runtime.metrics.consumed.get();
    return (
      values.find((value) => value.labels.consumer === durable && value.labels.outcome === outcome)?.value ??
      0
    );
  }

  /** Publishes `envelope` and waits until the consumer is done with it (with `outcome`). */
  async function deliver(envelope: EnvelopeOf<'timer.action.fired.v1'>, outcome: Outcome = 'handled') {
    const before = await consumed(outcome);
    await tap.publish(envelope);
    await eventually(async () => expect(await consumed(outcome)).toBeGreaterThan(before));
  }

  /**
   * The same event delivered once more (as after a lost ack): published without a message id,
   * so JetStream's duplicate window does not drop it and the consumer's inbox has to.
   */
  async function redeliver(envelope: EnvelopeOf<'timer.action.fired.v1'>) {
    const before = await consumed('duplicate');
    tap.nc.publish(tap.ns.subject(envelope.subject), encodeEnvelope(envelope));
    await tap.nc.flush();
    await eventually(async () => expect(await consumed('duplicate')).toBeGreaterThan(before));
  }

  async function row(interactionId: string) {
    const [found] = await db().query<
      Array<{ state: string; assignee_id: string | null; closed_at: Date | null }>
    >(`SELECT state, assignee_id, closed_at FROM interaction WHERE id = $1`, [interactionId]);
    return found!;
  }

  function transcript(interactionId: string): Promise<TranscriptRow[]> {
    return db().query(
      `SELECT id, direction, author_kind, author_id, body, visibility, delivery_status FROM message
        WHERE interaction_id = $1 ORDER BY occurred_at, gateway_sequence NULLS LAST, id`,
      [interactionId],
    );
  }

  async function outbox<S extends Subject>(subject: S, interactionId: string) {
    const rows = await db().query<Array<{ payload: Envelope<S, PayloadOf<S>> }>>(
      `SELECT payload FROM outbox WHERE subject = $1 AND payload->>'correlationId' = $2 ORDER BY seq`,
      [subject, interactionId],
    );
    return rows.map((found) => found.payload);
  }

  /** Everything written about an interaction: its row, its transcript and its outbox events. */
  async function footprint(interactionId: string): Promise<unknown> {
    const [found] = await db().query<unknown[]>(`SELECT * FROM interaction WHERE id = $1`, [interactionId]);
    const [events] = await db().query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'correlationId' = $1`,
      [interactionId],
    );
    return { row: found, transcript: await transcript(interactionId), events: events!.n };
  }

  const entryOf = (envelope: EnvelopeOf<'timer.action.fired.v1'>) =>
    derivedMessageId(envelope.data.timerId, MESSAGING_ACTION_ENTRY_LABEL);

  describe('M4: the facts a filter tests', () => {
    it('answers the conversation as it is now, and found: false for one it does not know', async () => {
      const from = nextPhone();
      const interactionId = await open(from);
      const base = {
        companyAddress: COMPANY,
        requesterAddress: from,
        identityConflict: false,
        channel: 'sms',
        priority: 0,
      };
      expect(await service.runtime.ask(queries.interactionFacts, { interactionId })).toEqual({
        found: true,
        state: 'new',
        assigneeId: null,
        facts: { ...base, state: 'new', assigned: false },
      });

      await assign(interactionId, ALICE);
      expect(await service.runtime.ask(queries.interactionFacts, { interactionId })).toEqual({
        found: true,
        state: 'work_in_progress',
        assigneeId: ALICE,
        facts: { ...base, state: 'work_in_progress', assigned: true, assigneeId: ALICE },
      });

      // What the virtual agent stored when it handed over is a fact too.
      await db().query(
        `UPDATE interaction SET va_handoff_reason = 'requested_person', identity_conflict = true WHERE id = $1`,
        [interactionId],
      );
      expect((await service.runtime.ask(queries.interactionFacts, { interactionId })).facts).toMatchObject({
        identityConflict: true,
        handoffReason: 'requested_person',
      });

      expect(await service.runtime.ask(queries.interactionFacts, { interactionId: uuidv7() })).toEqual({
        found: false,
        state: null,
        assigneeId: null,
        facts: {},
      });
    });
  });

  describe('M5: prompt the requester', () => {
    it('S1: a requester-visible system message by SMS, once per timer', async () => {
      const interactionId = await held();
      const event = fired(interactionId, { kind: 'prompt_requester', text: PROMPT });
      await deliver(event);

      const entry = entryOf(event);
      expect((await transcript(interactionId)).filter((line) => line.body === PROMPT)).toEqual([
        {
          id: entry,
          direction: 'outbound',
          author_kind: 'system',
          author_id: null,
          body: PROMPT,
          visibility: 'requester_visible',
          delivery_status: 'queued',
        },
      ]);
      const sends = await outbox('sms.outbound.send.v1', interactionId);
      expect(sends.map((send) => send.data)).toEqual([
        { outboundId: entry, from: COMPANY, to: expect.any(String), body: PROMPT, interactionId },
      ]);
      expect(sends[0]!.causationId).toBe(event.id);
      const [appended] = await tap.waitFor(
        'interaction.message.appended.v1',
        (e) => e.data.messageId === entry,
      );
      expect(appended!.data).toMatchObject({
        direction: 'outbound',
        author: { kind: 'system', id: null },
        visibility: 'requester_visible',
      });
      // The conversation stays as it was.
      expect(await row(interactionId)).toMatchObject({ state: 'work_in_progress', assignee_id: ALICE });

      const before = await footprint(interactionId);
      await redeliver(event);
      await deliver(again(event));
      expect(await footprint(interactionId)).toEqual(before);
    });
  });

  describe('M5: reassign', () => {
    it('takes it from its agent: new and nobody’s, a note for agents, and routing asked to requeue it', async () => {
      const interactionId = await held();
      const event = fired(interactionId, { kind: 'reassign' }, { actionName: 'Idle agent' });
      await deliver(event);

      const [changed] = await tap.waitFor(
        'interaction.conversation.state-changed.v1',
        (e) => e.data.interactionId === interactionId && e.data.cause === 'reassigned',
      );
      expect(changed!.data).toEqual({
        interactionId,
        from: 'work_in_progress',
        to: 'new',
        assigneeId: null,
        cause: 'reassigned',
        actor: { kind: 'system', id: null },
      });
      expect(changed!.causationId).toBe(event.id);
      expect(await row(interactionId)).toMatchObject({ state: 'new', assignee_id: null });

      const note = messagingActionNote({ kind: 'reassign' }, 'Idle agent');
      expect(note).toContain('"Idle agent"');
      expect((await transcript(interactionId)).filter((line) => line.id === entryOf(event))).toEqual([
        {
          id: entryOf(event),
          direction: 'internal',
          author_kind: 'system',
          author_id: ALICE,
          body: note,
          visibility: 'agents_only',
          delivery_status: null,
        },
      ]);
      const transfers = await outbox('routing.workitem.transfer.v1', interactionId);
      expect(transfers.map((transfer) => transfer.data)).toEqual([
        { interactionId, to: { requeue: true }, byAgentId: ALICE, stateEventId: changed!.id },
      ]);
      expect(transfers[0]!.causationId).toBe(changed!.id);
      expect(await outbox('sms.outbound.send.v1', interactionId)).toEqual([]);

      // Bob gets it from routing; the same firing delivered again, or in another event (here
      // from a producer that does not name the assignee), does not take it from him.
      await assign(interactionId, BOB);
      const before = await footprint(interactionId);
      await redeliver(event);
      await deliver(again(event, { assigneeId: undefined }));
      expect(await footprint(interactionId)).toEqual(before);
      expect(await row(interactionId)).toMatchObject({ state: 'work_in_progress', assignee_id: BOB });
    });

    it('a conversation on hold is taken back too; one that changed hands since the timer fired, or nobody holds, is left alone', async () => {
      const onHold = await held();
      await service.runtime.ask(queries.changeState, {
        interactionId: onHold,
        actor: { id: ALICE, role: 'agent' },
        command: { type: 'hold' },
      });
      await deliver(fired(onHold, { kind: 'reassign' }));
      expect(await row(onHold)).toMatchObject({ state: 'new', assignee_id: null });
      expect(await outbox('routing.workitem.transfer.v1', onHold)).toHaveLength(1);

      // Fired while Alice held it; Bob has it now.
      const bobs = await held(BOB);
      const changedHands = await footprint(bobs);
      await deliver(fired(bobs, { kind: 'reassign' }, { assigneeId: ALICE }));
      expect(await footprint(bobs)).toEqual(changedHands);

      // Waiting in the queue: there is nobody to take it from.
      const waiting = await open();
      const nobodys = await footprint(waiting);
      await deliver(fired(waiting, { kind: 'reassign' }, { assigneeId: null }));
      await deliver(fired(waiting, { kind: 'reassign' }, { assigneeId: undefined }));
      expect(await footprint(waiting)).toEqual(nobodys);
    });
  });

  describe('M5: set state', () => {
    it('closes it as abandoned through the lifecycle (cause messaging_action), with a note for agents, once', async () => {
      const interactionId = await held();
      const event = fired(interactionId, { kind: 'set_state', state: 'closed_abandoned' });
      await deliver(event);

      const [changed] = await tap.waitFor(
        'interaction.conversation.state-changed.v1',
        (e) => e.data.interactionId === interactionId && e.data.cause === 'messaging_action',
      );
      expect(changed!.data).toEqual({
        interactionId,
        from: 'work_in_progress',
        to: 'closed_abandoned',
        assigneeId: ALICE,
        cause: 'messaging_action',
        actor: { kind: 'system', id: null },
      });
      expect(changed!.causationId).toBe(event.id);
      const closed = await row(interactionId);
      expect(closed).toMatchObject({ state: 'closed_abandoned' });
      expect(closed.closed_at).toBeInstanceOf(Date);
      expect((await transcript(interactionId)).filter((line) => line.id === entryOf(event))).toEqual([
        {
          id: entryOf(event),
          direction: 'internal',
          author_kind: 'system',
          author_id: null,
          body: messagingActionNote({ kind: 'set_state', state: 'closed_abandoned' }, 'Quiet conversation'),
          visibility: 'agents_only',
          delivery_status: null,
        },
      ]);
      expect(await outbox('sms.outbound.send.v1', interactionId)).toEqual([]);
      expect(await outbox('routing.workitem.transfer.v1', interactionId)).toEqual([]);

      const before = await footprint(interactionId);
      await redeliver(event);
      await deliver(again(event));
      expect(await footprint(interactionId)).toEqual(before);
    });

    it('a conversation waiting in the queue closes too; a state that is not final is refused and nothing is written', async () => {
      const waiting = await open();
      await deliver(fired(waiting, { kind: 'set_state', state: 'closed_complete' }, { assigneeId: null }));
      expect(await row(waiting)).toMatchObject({ state: 'closed_complete', assignee_id: null });

      const interactionId = await held();
      const before = await footprint(interactionId);
      await deliver(fired(interactionId, { kind: 'set_state', state: 'on_hold' }));
      expect(await footprint(interactionId)).toEqual(before);
    });
  });

  it('an ended conversation, or an unknown one, is left as it is whatever the action', async () => {
    const interactionId = await held();
    await service.runtime.ask(queries.changeState, {
      interactionId,
      actor: { id: ALICE, role: 'agent' },
      command: { type: 'end', outcome: 'complete' },
    });
    const ended = await footprint(interactionId);
    for (const action of [
      { kind: 'prompt_requester', text: PROMPT },
      { kind: 'reassign' },
      { kind: 'set_state', state: 'closed_abandoned' },
    ] as const) {
      await deliver(fired(interactionId, action));
    }
    expect(await footprint(interactionId)).toEqual(ended);

    const unknown = uuidv7();
    await deliver(fired(unknown, { kind: 'prompt_requester', text: PROMPT }));
    expect(await footprint(unknown)).toEqual({ row: undefined, transcript: [], events: 0 });
  });

  it('a prompt for the agent is agent-gateway’s: let go without a transaction, nothing written', async () => {
    const interactionId = await held();
    const before = await footprint(interactionId);
    const event = fired(interactionId, { kind: 'prompt_agent', text: 'Your customer is waiting.' });
    await deliver(event, 'ignored');
    expect(await footprint(interactionId)).toEqual(before);
    expect(await db().query(`SELECT 1 FROM inbox WHERE event_id = $1`, [event.id])).toEqual([]);
  });
});
