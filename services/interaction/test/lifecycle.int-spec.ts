import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnvelope,
  type Envelope,
  type PayloadOf,
  queries,
  type RequestOf,
  type ResponseOf,
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
import { WAITING_IN_QUEUE_NOTE } from '../src/app/route-to-agents';
import { derivedMessageId } from '../src/domain/derived-id';
import { REASSIGNED_ON_UNAVAILABLE_NOTE } from '../src/domain/lifecycle-command';
import { interactionService } from '../src/interaction.service';

type ChangeState = typeof queries.changeState;
type LifecycleActor = RequestOf<ChangeState>['actor'];
type LifecycleCommand = RequestOf<ChangeState>['command'];
type InboundMessage = PayloadOf<'sms.inbound.received.v1'>;

/** Closing message and a reopen window of an hour (SPEC S1, R4). */
const SUPPORT = '+15550100021';
/** Neither: no closing message, reopen window 0. */
const QUIET = '+15550100022';
const CLOSING_MESSAGE = 'Thanks for contacting Threadline Support. Text us any time.';
const REOPEN_WINDOW_SECONDS = 3600;

const GUEST = '01970000-0000-7000-8000-000000000001';
const ALICE = 'agent-alice';
const BOB = 'agent-bob';
const MANAGER = 'manager-maria';
const ADMIN = 'admin-ada';
const JOINED_NOTE = 'An agent joined the conversation.';

const agent = (id: string): LifecycleActor => ({ id, role: 'agent' });
const END_COMPLETE: LifecycleCommand = { type: 'end', outcome: 'complete' };

let phone = 5557300000;
function nextPhone(): string {
  return `+1${++phone}`;
}

function writeSettingsFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'interaction-lifecycle-')), 'company-numbers.json');
  writeFileSync(
    file,
    JSON.stringify({
      numbers: {
        [SUPPORT]: {
          name: 'Support',
          closingMessage: CLOSING_MESSAGE,
          reopenWindowSeconds: REOPEN_WINDOW_SECONDS,
        },
        [QUIET]: { name: 'Quiet', closingMessage: null, reopenWindowSeconds: 0 },
      },
    }),
  );
  return file;
}

interface InteractionRow {
  id: string;
  state: string;
  assignee_id: string | null;
  pending_outcome: string | null;
  ended_by: string | null;
  closed_at: Date | null;
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

/** One interaction service under test, its namespace's messages, and what it wrote. */
class Harness {
  constructor(
    readonly service: RunningService,
    readonly tap: MessageTap,
  ) {}

  private get db() {
    return this.service.runtime.dataSource;
  }

  query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.db.query<T>(sql, parameters);
  }

  resolved(from: string, to: string, message: Partial<InboundMessage> = {}) {
    return createEnvelope('profile.requester.resolved.v1', {
      profileId: uuidv7(),
      address: from,
      userId: null,
      requesterUserId: GUEST,
      identityConflict: false,
      message: inboundSms({ from, to, body: 'hello', ...message }),
    });
  }

  /** A requester texts `to` from `from`; resolves once the message is in a transcript, with its interaction. */
  async text(from: string, to: string, message: Partial<InboundMessage> = {}) {
    const envelope = this.resolved(from, to, message);
    await this.tap.publish(envelope);
    const [appended] = await this.tap.waitFor(
      'interaction.message.appended.v1',
      (event) => event.data.messageId === envelope.data.message.messageId,
    );
    return { envelope, interactionId: appended!.data.interactionId };
  }

  /** SPEC R1: a first message opens an interaction (routed, no virtual agent). */
  async open(from: string, to: string): Promise<string> {
    const { interactionId } = await this.text(from, to);
    await this.tap.waitFor(
      'interaction.conversation.created.v1',
      (event) => event.data.interactionId === interactionId,
    );
    return interactionId;
  }

  assign(interactionId: string, agentId: string, workItemId = uuidv7()) {
    return this.service.runtime.ask(queries.recordAssignment, { interactionId, workItemId, agentId });
  }

  /** An interaction of a new pair on `to`, assigned to `agentId`. */
  async assigned(to: string, agentId = ALICE): Promise<{ from: string; interactionId: string }> {
    const from = nextPhone();
    const interactionId = await this.open(from, to);
    await this.assign(interactionId, agentId);
    return { from, interactionId };
  }

  change(interactionId: string, actor: LifecycleActor, command: LifecycleCommand) {
    return this.service.runtime.ask(queries.changeState, { interactionId, actor, command });
  }

  async row(interactionId: string): Promise<InteractionRow> {
    const [row] = await this.query<InteractionRow[]>(
      `SELECT id, state, assignee_id, pending_outcome, ended_by, closed_at FROM interaction WHERE id = $1`,
      [interactionId],
    );
    return row!;
  }

  /** The pair's interactions, oldest first. */
  pair(from: string, to: string): Promise<Array<{ id: string; state: string }>> {
    return this.query(
      `SELECT id, state FROM interaction WHERE requester_address = $1 AND company_address = $2
        ORDER BY created_at, id`,
      [from, to],
    );
  }

  transcript(interactionId: string): Promise<TranscriptRow[]> {
    return this.query(
      `SELECT id, direction, author_kind, author_id, body, visibility, delivery_status FROM message
        WHERE interaction_id = $1 ORDER BY occurred_at, gateway_sequence NULLS LAST, id`,
      [interactionId],
    );
  }

  /** The envelopes written to the outbox for an interaction on `subject`, in order. */
  async outbox<S extends Subject>(
    subject: S,
    interactionId: string,
  ): Promise<Array<Envelope<S, PayloadOf<S>>>> {
    const rows = await this.query<Array<{ payload: Envelope<S, PayloadOf<S>> }>>(
      `SELECT payload FROM outbox WHERE subject = $1 AND payload->>'correlationId' = $2 ORDER BY seq`,
      [subject, interactionId],
    );
    return rows.map((row) => row.payload);
  }

  /** Everything written about an interaction: its row, its transcript and its outbox events. */
  async footprint(interactionId: string): Promise<unknown> {
    const [row] = await this.query<unknown[]>(`SELECT * FROM interaction WHERE id = $1`, [interactionId]);
    const [events] = await this.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'correlationId' = $1`,
      [interactionId],
    );
    return { row, transcript: await this.transcript(interactionId), events: events!.n };
  }

  /** Waits until the service's consumer has committed the handling of `eventId`. */
  /** How many messages a consumer let go without a transaction (its prepare step had nothing to do). */
  async ignoredBy(subject: Subject): Promise<number> {
    const durable = consumerOf('interaction', subject).durable;
    const { values } = await this.service.runtime.metrics.consumed.get();
    return (
      values.find((value) => value.labels.consumer === durable && value.labels.outcome === 'ignored')
        ?.value ?? 0
    );
  }

  async handled(eventId: string): Promise<void> {
    await eventually(async () => {
      const rows = await this.query<unknown[]>(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId]);
      expect(rows).toHaveLength(1);
    });
  }
}

async function startHarness(environment: IsolatedEnvironment, env: Record<string, string>): Promise<Harness> {
  const service = await bootService(interactionService, environment, env);
  const tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
    'interaction.conversation.created.v1',
    'interaction.conversation.state-changed.v1',
    'interaction.message.appended.v1',
    'routing.workitem.enqueue.v1',
    'routing.workitem.transfer.v1',
    'sms.outbound.send.v1',
  );
  return new Harness(service, tap);
}

async function stopHarness(harness: Harness | undefined, environment: IsolatedEnvironment | undefined) {
  await harness?.tap.close();
  await harness?.service.stop();
  await environment?.dispose();
}

function expectStateChange(
  answer: ResponseOf<ChangeState>,
  expected: PayloadOf<'interaction.conversation.state-changed.v1'>,
): void {
  expect(answer).toEqual({
    interactionId: expected.interactionId,
    state: expected.to,
    assigneeId: expected.assigneeId,
    stateChanged: { eventId: expect.any(String), occurredAt: expect.any(String), data: expected },
  });
}

const settingsFile = writeSettingsFile();

describe('interaction: ending, holding and reopening a conversation (SPEC I5, W4, R4, S1)', () => {
  let environment: IsolatedEnvironment;
  let h: Harness;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    h = await startHarness(environment, { INTERACTION_COMPANY_NUMBERS_FILE: settingsFile });
  });

  afterAll(() => stopHarness(h, environment));

  describe('I5: ending', () => {
    it('I5: the assignee ends their conversation: closed, a note for agents, and the closing message by SMS', async () => {
      const { from, interactionId } = await h.assigned(SUPPORT);
      const answer = await h.change(interactionId, agent(ALICE), {
        type: 'end',
        outcome: 'complete',
        note: 'Refund issued',
      });
      expectStateChange(answer, {
        interactionId,
        from: 'work_in_progress',
        to: 'closed_complete',
        assigneeId: ALICE,
        cause: 'agent_ended',
        actor: { kind: 'agent', id: ALICE },
      });

      // The answer carries the very event the outbox publishes.
      const changes = await h.outbox('interaction.conversation.state-changed.v1', interactionId);
      expect(changes.map((event) => event.data.cause)).toEqual(['routing_assigned', 'agent_ended']);
      expect(changes[1]).toMatchObject({
        id: answer.stateChanged!.eventId,
        occurredAt: answer.stateChanged!.occurredAt,
        correlationId: interactionId,
        data: answer.stateChanged!.data,
      });
      const [published] = await h.tap.waitFor(
        'interaction.conversation.state-changed.v1',
        (event) => event.id === answer.stateChanged!.eventId,
      );
      expect(published!.data).toEqual(answer.stateChanged!.data);

      expect(await h.row(interactionId)).toEqual({
        id: interactionId,
        state: 'closed_complete',
        assignee_id: ALICE,
        pending_outcome: null,
        ended_by: ALICE,
        closed_at: expect.any(Date),
      });

      // SPEC S1: how it ended is for agents; the closing message is the requester's.
      const transcript = await h.transcript(interactionId);
      const note = transcript.find((entry) => entry.body.startsWith('The agent ended'));
      expect(note).toEqual({
        id: expect.any(String),
        direction: 'internal',
        author_kind: 'system',
        author_id: ALICE,
        body: 'The agent ended the conversation as complete. Note: Refund issued',
        visibility: 'agents_only',
        delivery_status: null,
      });
      const outbound = transcript.filter((entry) => entry.direction === 'outbound');
      expect(outbound).toEqual([
        {
          id: expect.any(String),
          direction: 'outbound',
          author_kind: 'system',
          author_id: null,
          body: CLOSING_MESSAGE,
          visibility: 'requester_visible',
          delivery_status: 'queued',
        },
      ]);
      const sends = await h.outbox('sms.outbound.send.v1', interactionId);
      expect(sends.map((event) => event.data)).toEqual([
        { outboundId: outbound[0]!.id, from: SUPPORT, to: from, body: CLOSING_MESSAGE, interactionId },
      ]);
      const appended = await h.outbox('interaction.message.appended.v1', interactionId);
      expect(appended.find((event) => event.data.messageId === note!.id)!.data).toMatchObject({
        direction: 'internal',
        visibility: 'agents_only',
        body: note!.body,
      });
      expect(appended.find((event) => event.data.messageId === outbound[0]!.id)!.data).toMatchObject({
        direction: 'outbound',
        visibility: 'requester_visible',
        body: CLOSING_MESSAGE,
      });
      await h.tap.waitFor('sms.outbound.send.v1', (event) => event.data.outboundId === outbound[0]!.id);
    });

    it('I5: ending as abandoned on a number without a closing message sends nothing to the requester', async () => {
      const { interactionId } = await h.assigned(QUIET);
      const answer = await h.change(interactionId, agent(ALICE), { type: 'end', outcome: 'abandoned' });
      expect(answer.state).toBe('closed_abandoned');
      expect(answer.stateChanged!.data).toMatchObject({ to: 'closed_abandoned', cause: 'agent_ended' });
      expect(await h.row(interactionId)).toMatchObject({
        state: 'closed_abandoned',
        ended_by: ALICE,
        closed_at: expect.any(Date),
      });
      const transcript = await h.transcript(interactionId);
      expect(transcript.filter((entry) => entry.visibility === 'agents_only').map((e) => e.body)).toEqual([
        WAITING_IN_QUEUE_NOTE,
        JOINED_NOTE,
        'The agent ended the conversation as abandoned.',
      ]);
      expect(transcript.filter((entry) => entry.direction === 'outbound')).toEqual([]);
      expect(await h.outbox('sms.outbound.send.v1', interactionId)).toEqual([]);
    });

    it('I5: another agent may not end or hold it: 403 NOT_ASSIGNEE, and nothing is written', async () => {
      const { interactionId } = await h.assigned(SUPPORT);
      const before = await h.footprint(interactionId);
      await expect(h.change(interactionId, agent(BOB), END_COMPLETE)).rejects.toMatchObject({
        code: 'NOT_ASSIGNEE',
        status: 403,
      });
      await expect(h.change(interactionId, agent(BOB), { type: 'hold' })).rejects.toMatchObject({
        code: 'NOT_ASSIGNEE',
        status: 403,
      });
      expect(await h.footprint(interactionId)).toEqual(before);
      expect((await h.row(interactionId)).state).toBe('work_in_progress');
    });

    it.each([
      ['a manager', 'manager', MANAGER],
      ['an admin', 'admin', ADMIN],
    ] as const)('I5: %s ends another agent’s conversation', async (_who, role, id) => {
      const { interactionId } = await h.assigned(SUPPORT);
      const answer = await h.change(interactionId, { id, role }, END_COMPLETE);
      expectStateChange(answer, {
        interactionId,
        from: 'work_in_progress',
        to: 'closed_complete',
        assigneeId: ALICE,
        cause: 'manager_ended',
        actor: { kind: 'agent', id },
      });
      expect(await h.row(interactionId)).toMatchObject({
        state: 'closed_complete',
        assignee_id: ALICE,
        ended_by: id,
      });
      const transcript = await h.transcript(interactionId);
      expect(transcript.filter((entry) => entry.body.startsWith('A manager ended'))).toEqual([
        expect.objectContaining({
          author_id: id,
          body: 'A manager ended the conversation as complete.',
          visibility: 'agents_only',
        }),
      ]);
      expect(await h.outbox('sms.outbound.send.v1', interactionId)).toHaveLength(1);
    });

    it('I5: ending an ended conversation is 409 INTERACTION_CLOSED; an unknown one is 404 INTERACTION_NOT_FOUND', async () => {
      const { interactionId } = await h.assigned(SUPPORT);
      await h.change(interactionId, agent(ALICE), END_COMPLETE);
      const before = await h.footprint(interactionId);
      await expect(
        h.change(interactionId, agent(ALICE), { type: 'end', outcome: 'abandoned' }),
      ).rejects.toMatchObject({ code: 'INTERACTION_CLOSED', status: 409 });
      await expect(
        h.change(interactionId, { id: MANAGER, role: 'manager' }, END_COMPLETE),
      ).rejects.toMatchObject({ code: 'INTERACTION_CLOSED', status: 409 });
      expect(await h.footprint(interactionId)).toEqual(before);
      expect(await h.outbox('sms.outbound.send.v1', interactionId)).toHaveLength(1);

      await expect(h.change(uuidv7(), agent(ALICE), END_COMPLETE)).rejects.toMatchObject({
        code: 'INTERACTION_NOT_FOUND',
        status: 404,
      });
    });
  });

  it('W4: hold puts it on hold, holding again is 409 INVALID_TRANSITION, resume puts it back in progress', async () => {
    const { interactionId } = await h.assigned(SUPPORT);
    const held = await h.change(interactionId, agent(ALICE), { type: 'hold' });
    expectStateChange(held, {
      interactionId,
      from: 'work_in_progress',
      to: 'on_hold',
      assigneeId: ALICE,
      cause: 'agent_hold',
      actor: { kind: 'agent', id: ALICE },
    });
    expect(await h.row(interactionId)).toMatchObject({
      state: 'on_hold',
      assignee_id: ALICE,
      closed_at: null,
    });

    const before = await h.footprint(interactionId);
    await expect(h.change(interactionId, agent(ALICE), { type: 'hold' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
    });
    expect(await h.footprint(interactionId)).toEqual(before);

    const resumed = await h.change(interactionId, agent(ALICE), { type: 'resume' });
    expectStateChange(resumed, {
      interactionId,
      from: 'on_hold',
      to: 'work_in_progress',
      assigneeId: ALICE,
      cause: 'agent_resume',
      actor: { kind: 'agent', id: ALICE },
    });
    expect(await h.row(interactionId)).toMatchObject({ state: 'work_in_progress', assignee_id: ALICE });
    const changes = await h.outbox('interaction.conversation.state-changed.v1', interactionId);
    expect(changes.map((event) => [event.id, event.data.cause])).toEqual([
      [expect.any(String), 'routing_assigned'],
      [held.stateChanged!.eventId, 'agent_hold'],
      [resumed.stateChanged!.eventId, 'agent_resume'],
    ]);
    // Neither writes to the transcript nor to the phone.
    expect(await h.outbox('sms.outbound.send.v1', interactionId)).toEqual([]);

    // Without wrap-up there is nothing to complete; a conversation not yet assigned cannot be held.
    await expect(h.change(interactionId, agent(ALICE), { type: 'complete_wrap_up' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
    });
    const unassigned = await h.open(nextPhone(), SUPPORT);
    await expect(
      h.change(unassigned, { id: MANAGER, role: 'manager' }, { type: 'hold' }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION', status: 409 });
  });

  describe('W6: recording an assignment', () => {
    async function joinedNotes(interactionId: string): Promise<TranscriptRow[]> {
      return (await h.transcript(interactionId)).filter((entry) => entry.body === JOINED_NOTE);
    }

    it('W6: asked twice, the second answers the same committed change; routing’s event after it changes nothing; one joined note', async () => {
      const interactionId = await h.open(nextPhone(), SUPPORT);
      const workItemId = uuidv7();
      const first = await h.assign(interactionId, ALICE, workItemId);
      expectStateChange(first, {
        interactionId,
        from: 'new',
        to: 'work_in_progress',
        assigneeId: ALICE,
        cause: 'routing_assigned',
        actor: { kind: 'system', id: null },
      });
      // Read your own writes: the answer again names the change that applied it.
      expect(await h.assign(interactionId, ALICE, workItemId)).toEqual({
        interactionId,
        state: 'work_in_progress',
        assigneeId: ALICE,
        stateChanged: first.stateChanged,
      });

      const assigned = createEnvelope(
        'routing.workitem.assigned.v1',
        { workItemId, interactionId, agentId: ALICE },
        { correlationId: interactionId },
      );
      await h.tap.publish(assigned);
      await h.handled(assigned.id);

      expect(await h.row(interactionId)).toMatchObject({ state: 'work_in_progress', assignee_id: ALICE });
      const changes = await h.outbox('interaction.conversation.state-changed.v1', interactionId);
      expect(changes.map((event) => event.id)).toEqual([first.stateChanged!.eventId]);
      expect(await joinedNotes(interactionId)).toEqual([
        {
          id: derivedMessageId(workItemId, 'joined'),
          direction: 'internal',
          author_kind: 'system',
          author_id: ALICE,
          body: JOINED_NOTE,
          visibility: 'agents_only',
          delivery_status: null,
        },
      ]);
      expect(await h.outbox('sms.outbound.send.v1', interactionId)).toEqual([]);

      // Another agent's assignment of a conversation someone holds changes nothing either.
      expect(await h.assign(interactionId, BOB)).toEqual({
        interactionId,
        state: 'work_in_progress',
        assigneeId: ALICE,
        stateChanged: null,
      });
      expect(await joinedNotes(interactionId)).toHaveLength(1);
    });

    it('W6: routing’s event arriving first applies it; the command then answers the change the event committed', async () => {
      const interactionId = await h.open(nextPhone(), SUPPORT);
      const workItemId = uuidv7();
      const assigned = createEnvelope(
        'routing.workitem.assigned.v1',
        { workItemId, interactionId, agentId: ALICE },
        { correlationId: interactionId },
      );
      await h.tap.publish(assigned);
      const [changed] = await h.tap.waitFor(
        'interaction.conversation.state-changed.v1',
        (event) => event.data.interactionId === interactionId,
      );
      expect(changed!.causationId).toBe(assigned.id);
      expect(changed!.data).toMatchObject({ to: 'work_in_progress', assigneeId: ALICE });
      // The accepting agent's gateway still gets the event to show at once.
      expect(await h.assign(interactionId, ALICE, workItemId)).toEqual({
        interactionId,
        state: 'work_in_progress',
        assigneeId: ALICE,
        stateChanged: { eventId: changed!.id, occurredAt: changed!.occurredAt, data: changed!.data },
      });
      expect(await h.outbox('interaction.conversation.state-changed.v1', interactionId)).toHaveLength(1);
      expect((await joinedNotes(interactionId)).map((note) => note.id)).toEqual([
        derivedMessageId(workItemId, 'joined'),
      ]);
    });
  });

  describe('W10: transfer', () => {
    const SALES_QUEUE = '01970000-0000-7000-8000-0000000000c7';

    it('W10, S1: the assignee transfers to an agent: nobody’s, a note for agents only, and routing’s command naming the change', async () => {
      const { interactionId } = await h.assigned(SUPPORT);
      const answer = await h.change(interactionId, agent(ALICE), {
        type: 'transfer',
        to: { agentId: BOB },
        note: 'Billing question',
      });
      expectStateChange(answer, {
        interactionId,
        from: 'work_in_progress',
        to: 'new',
        assigneeId: null,
        cause: 'transferred',
        actor: { kind: 'agent', id: ALICE },
      });
      expect(await h.row(interactionId)).toMatchObject({ state: 'new', assignee_id: null, ended_by: null });

      const transcript = await h.transcript(interactionId);
      expect(transcript.filter((entry) => entry.body.includes('transferred'))).toEqual([
        {
          id: expect.any(String),
          direction: 'internal',
          author_kind: 'system',
          author_id: ALICE,
          body: 'The agent transferred the conversation to another agent. Note: Billing question',
          visibility: 'agents_only',
          delivery_status: null,
        },
      ]);
      // SPEC S1: the requester is told nothing.
      expect(transcript.filter((entry) => entry.direction === 'outbound')).toEqual([]);
      expect(await h.outbox('sms.outbound.send.v1', interactionId)).toEqual([]);

      const transfers = await h.outbox('routing.workitem.transfer.v1', interactionId);
      expect(transfers).toEqual([
        expect.objectContaining({
          correlationId: interactionId,
          causationId: answer.stateChanged!.eventId,
          data: {
            interactionId,
            to: { agentId: BOB },
            byAgentId: ALICE,
            stateEventId: answer.stateChanged!.eventId,
          },
        }),
      ]);
      const [published] = await h.tap.waitFor(
        'routing.workitem.transfer.v1',
        (event) => event.data.interactionId === interactionId,
      );
      expect(published!.id).toBe(transfers[0]!.id);
      // The conversation is routed again by the transfer alone: no second enqueue.
      expect(await h.outbox('routing.workitem.enqueue.v1', interactionId)).toHaveLength(1);
    });

    it('W10: a manager transfers a conversation on hold to a queue', async () => {
      const { interactionId } = await h.assigned(SUPPORT);
      await h.change(interactionId, agent(ALICE), { type: 'hold' });
      const manager: LifecycleActor = { id: MANAGER, role: 'manager' };
      const answer = await h.change(interactionId, manager, {
        type: 'transfer',
        to: { queueId: SALES_QUEUE },
      });
      expect(answer).toMatchObject({ state: 'new', assigneeId: null });
      expect(answer.stateChanged!.data).toMatchObject({
        from: 'on_hold',
        to: 'new',
        cause: 'transferred',
        actor: { kind: 'agent', id: MANAGER },
      });
      const notes = (await h.transcript(interactionId)).filter((entry) => entry.body.includes('transferred'));
      expect(notes).toEqual([
        expect.objectContaining({
          author_id: MANAGER,
          body: 'A manager transferred the conversation to another queue.',
          visibility: 'agents_only',
        }),
      ]);
      expect((await h.outbox('routing.workitem.transfer.v1', interactionId)).map((e) => e.data)).toEqual([
        {
          interactionId,
          to: { queueId: SALES_QUEUE },
          byAgentId: MANAGER,
          stateEventId: answer.stateChanged!.eventId,
        },
      ]);
    });

    it('W10: another agent, a conversation nobody holds and an ended one are refused, and nothing is written', async () => {
      const transfer: LifecycleCommand = { type: 'transfer', to: { agentId: BOB } };
      const { interactionId } = await h.assigned(SUPPORT);
      const before = await h.footprint(interactionId);
      await expect(h.change(interactionId, agent(BOB), transfer)).rejects.toMatchObject({
        code: 'NOT_ASSIGNEE',
        status: 403,
      });
      expect(await h.footprint(interactionId)).toEqual(before);

      const waiting = await h.open(nextPhone(), SUPPORT);
      await expect(h.change(waiting, { id: MANAGER, role: 'manager' }, transfer)).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
        status: 409,
      });

      await h.change(interactionId, agent(ALICE), END_COMPLETE);
      await expect(h.change(interactionId, agent(ALICE), transfer)).rejects.toMatchObject({
        code: 'INTERACTION_CLOSED',
        status: 409,
      });
      for (const id of [interactionId, waiting]) {
        expect(await h.outbox('routing.workitem.transfer.v1', id)).toEqual([]);
      }
    });
  });

  describe('W9: routing gives back the work of an agent who became unavailable', () => {
    function queued(interactionId: string, reason: PayloadOf<'routing.workitem.queued.v1'>['reason']) {
      return createEnvelope(
        'routing.workitem.queued.v1',
        {
          workItemId: uuidv7(),
          interactionId,
          queueId: '01970000-0000-7000-8000-0000000000d1',
          queueName: 'Support',
          priority: 0,
          reason,
          enqueuedAt: new Date().toISOString(),
        },
        { correlationId: interactionId },
      );
    }

    it('W9: reason reassigned makes it nobody’s (cause reassigned, by the system) with a note for agents; again changes nothing', async () => {
      const { interactionId } = await h.assigned(SUPPORT);
      await h.change(interactionId, agent(ALICE), { type: 'hold' });
      const event = queued(interactionId, 'reassigned');
      await h.tap.publish(event);
      const [changed] = await h.tap.waitFor(
        'interaction.conversation.state-changed.v1',
        (e) => e.data.interactionId === interactionId && e.data.cause === 'reassigned',
      );
      expect(changed!.data).toEqual({
        interactionId,
        from: 'on_hold',
        to: 'new',
        assigneeId: null,
        cause: 'reassigned',
        actor: { kind: 'system', id: null },
      });
      expect(changed!.causationId).toBe(event.id);
      await h.handled(event.id);
      expect(await h.row(interactionId)).toMatchObject({ state: 'new', assignee_id: null });
      const transcript = await h.transcript(interactionId);
      expect(transcript.filter((entry) => entry.body === REASSIGNED_ON_UNAVAILABLE_NOTE)).toEqual([
        {
          id: derivedMessageId(event.id, 'reassigned'),
          direction: 'internal',
          author_kind: 'system',
          author_id: ALICE,
          body: REASSIGNED_ON_UNAVAILABLE_NOTE,
          visibility: 'agents_only',
          delivery_status: null,
        },
      ]);
      expect(await h.outbox('sms.outbound.send.v1', interactionId)).toEqual([]);
      // Routing already has the item in the queue: nothing is enqueued again.
      expect(await h.outbox('routing.workitem.enqueue.v1', interactionId)).toHaveLength(1);

      // The same news again (another event, as after a retry in routing) finds it new already.
      const before = await h.footprint(interactionId);
      const again = queued(interactionId, 'reassigned');
      await h.tap.publish(again);
      await h.handled(again.id);
      expect(await h.footprint(interactionId)).toEqual(before);
    });

    it('W9: other reasons, ended conversations and a reassignment older than the conversation’s last change change nothing', async () => {
      const { interactionId } = await h.assigned(SUPPORT);
      const footprint = await h.footprint(interactionId);
      const otherReasons = [
        'new',
        'reopened',
        'offer_rejected',
        'offer_expired',
        'agent_unavailable',
        'transferred',
      ] as const;
      // Let go without a transaction, so they leave no inbox record: the consumer's count says they came.
      const ignoredBefore = await h.ignoredBy('routing.workitem.queued.v1');
      for (const reason of otherReasons) await h.tap.publish(queued(interactionId, reason));
      await eventually(async () =>
        expect(await h.ignoredBy('routing.workitem.queued.v1')).toBe(ignoredBefore + otherReasons.length),
      );
      expect(await h.footprint(interactionId)).toEqual(footprint);

      // Routing gave it back, then it was offered to Bob, who accepted, before the news arrived.
      const late = await h.open(nextPhone(), SUPPORT);
      const stale = queued(late, 'reassigned');
      await h.assign(late, BOB);
      const before = await h.footprint(late);
      await h.tap.publish(stale);
      await h.handled(stale.id);
      expect(await h.footprint(late)).toEqual(before);
      expect(await h.row(late)).toMatchObject({ state: 'work_in_progress', assignee_id: BOB });

      await h.change(interactionId, agent(ALICE), END_COMPLETE);
      const ended = await h.footprint(interactionId);
      const afterEnd = queued(interactionId, 'reassigned');
      await h.tap.publish(afterEnd);
      await h.handled(afterEnd.id);
      expect(await h.footprint(interactionId)).toEqual(ended);
    });
  });

  describe('R4: reopening', () => {
    /** An interaction of a new pair on `to`, assigned to Alice and ended by her. */
    async function ended(to: string): Promise<{ from: string; interactionId: string }> {
      const conversation = await h.assigned(to);
      await h.change(conversation.interactionId, agent(ALICE), END_COMPLETE);
      return conversation;
    }

    it('R4: a message within the window reopens the same interaction, offered first to the agent who held it', async () => {
      const { from, interactionId } = await ended(SUPPORT);
      const again = await h.text(from, SUPPORT, { body: 'one more thing' });
      expect(again.interactionId).toBe(interactionId);

      const [reopened] = await h.tap.waitFor(
        'interaction.conversation.state-changed.v1',
        (event) => event.data.interactionId === interactionId && event.data.cause === 'requester_reopened',
      );
      expect(reopened!.data).toEqual({
        interactionId,
        from: 'closed_complete',
        to: 'new',
        assigneeId: null,
        cause: 'requester_reopened',
        actor: { kind: 'requester', id: GUEST },
      });
      expect(reopened!.causationId).toBe(again.envelope.id);
      expect(await h.row(interactionId)).toEqual({
        id: interactionId,
        state: 'new',
        assignee_id: null,
        pending_outcome: null,
        ended_by: null,
        closed_at: null,
      });
      expect(await h.pair(from, SUPPORT)).toEqual([{ id: interactionId, state: 'new' }]);
      expect(
        h.tap.events('interaction.conversation.created.v1').filter((e) => e.data.requesterAddress === from),
      ).toHaveLength(1);

      const transcript = await h.transcript(interactionId);
      expect(transcript.filter((entry) => entry.direction === 'inbound').map((entry) => entry.body)).toEqual([
        'hello',
        'one more thing',
      ]);
      expect(
        transcript.find(
          (entry) => entry.id === derivedMessageId(again.envelope.data.message.messageId, 'queued'),
        ),
      ).toMatchObject({ body: WAITING_IN_QUEUE_NOTE, visibility: 'agents_only' });

      const enqueued = await h.tap.waitFor(
        'routing.workitem.enqueue.v1',
        (event) => event.data.interactionId === interactionId,
        2,
      );
      expect(enqueued[0]!.data.preferredAgentId).toBeUndefined();
      expect(enqueued[1]!.data).toEqual({
        interactionId,
        channel: 'sms',
        priority: 0,
        attributes: {
          companyAddress: SUPPORT,
          requesterAddress: from,
          identityConflict: false,
          requesterIsGuest: true,
        },
        preferredAgentId: ALICE,
        reopenedBy: expect.any(String),
      });
      expect(enqueued[1]!.causationId).toBe(again.envelope.id);
      // It names the reopen, so routing can tell the old life's late close from the new one.
      const reopen = (await h.outbox('interaction.conversation.state-changed.v1', interactionId)).find(
        (event) => event.data.cause === 'requester_reopened',
      );
      expect(enqueued[1]!.data.reopenedBy).toBe(reopen!.id);

      // Routing's new work item for it is recorded as usual, with a joined note of its own.
      const workItemId = uuidv7();
      const assigned = await h.assign(interactionId, ALICE, workItemId);
      expect(assigned.stateChanged!.data).toMatchObject({
        from: 'new',
        to: 'work_in_progress',
        assigneeId: ALICE,
      });
      expect((await h.transcript(interactionId)).filter((entry) => entry.body === JOINED_NOTE)).toHaveLength(
        2,
      );
    });

    it('R4: with a window of 0 a new message opens a new interaction', async () => {
      const { from, interactionId } = await ended(QUIET);
      const again = await h.text(from, QUIET, { body: 'back again' });
      expect(again.interactionId).not.toBe(interactionId);
      expect(await h.pair(from, QUIET)).toEqual([
        { id: interactionId, state: 'closed_complete' },
        { id: again.interactionId, state: 'new' },
      ]);
      await h.tap.waitFor(
        'interaction.conversation.created.v1',
        (event) => event.data.interactionId === again.interactionId,
      );
      const [enqueued] = await h.tap.waitFor(
        'routing.workitem.enqueue.v1',
        (event) => event.data.interactionId === again.interactionId,
      );
      expect(enqueued!.data.preferredAgentId).toBeUndefined();
      expect(
        (await h.outbox('interaction.conversation.state-changed.v1', interactionId)).map((e) => e.data.cause),
      ).toEqual(['routing_assigned', 'agent_ended']);
    });

    it('R4: the window is the number’s: closed 58 minutes before the message reopens, 61 minutes before opens a new one', async () => {
      const inside = await ended(SUPPORT);
      await h.query(`UPDATE interaction SET closed_at = now() - interval '58 minutes' WHERE id = $1`, [
        inside.interactionId,
      ]);
      expect((await h.text(inside.from, SUPPORT)).interactionId).toBe(inside.interactionId);

      const outside = await ended(SUPPORT);
      await h.query(`UPDATE interaction SET closed_at = now() - interval '61 minutes' WHERE id = $1`, [
        outside.interactionId,
      ]);
      const late = await h.text(outside.from, SUPPORT);
      expect(late.interactionId).not.toBe(outside.interactionId);
      expect(await h.pair(outside.from, SUPPORT)).toEqual([
        { id: outside.interactionId, state: 'closed_complete' },
        { id: late.interactionId, state: 'new' },
      ]);
      const [enqueued] = await h.tap.waitFor(
        'routing.workitem.enqueue.v1',
        (event) => event.data.interactionId === late.interactionId,
      );
      expect(enqueued!.data.preferredAgentId).toBeUndefined();

      // The gateway's time of the message counts: received two hours after the close, it is too late.
      const future = await ended(SUPPORT);
      const receivedAt = new Date(Date.now() + 2 * 3600_000).toISOString();
      const later = await h.text(future.from, SUPPORT, { receivedAt });
      expect(later.interactionId).not.toBe(future.interactionId);
      expect((await h.row(future.interactionId)).state).toBe('closed_complete');
    });

    it('R4: two messages of the pair at once after a close reopen one interaction, holding both', async () => {
      const conversations = await Promise.all(Array.from({ length: 5 }, () => ended(SUPPORT)));
      const bursts = conversations.map(({ from }) => [
        h.resolved(from, SUPPORT, { body: 'first' }),
        h.resolved(from, SUPPORT, { body: 'second' }),
      ]);
      await Promise.all(bursts.flat().map((envelope) => h.tap.publish(envelope)));

      for (const [n, { from, interactionId }] of conversations.entries()) {
        const ids = bursts[n]!.map((envelope) => envelope.data.message.messageId);
        const appended = await h.tap.waitFor(
          'interaction.message.appended.v1',
          (event) => ids.includes(event.data.messageId),
          2,
        );
        expect(appended.map((event) => event.data.interactionId)).toEqual([interactionId, interactionId]);
        expect(await h.pair(from, SUPPORT)).toEqual([{ id: interactionId, state: 'new' }]);
        const changes = await h.outbox('interaction.conversation.state-changed.v1', interactionId);
        expect(changes.filter((event) => event.data.cause === 'requester_reopened')).toHaveLength(1);
        const enqueued = await h.outbox('routing.workitem.enqueue.v1', interactionId);
        expect(enqueued.map((event) => event.data.preferredAgentId)).toEqual([undefined, ALICE]);
      }
    });
  });
});

describe('interaction: wrap-up (INTERACTION_WRAP_UP_ENABLED=true, decision 20)', () => {
  let environment: IsolatedEnvironment;
  let h: Harness;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    h = await startHarness(environment, {
      INTERACTION_COMPANY_NUMBERS_FILE: settingsFile,
      INTERACTION_WRAP_UP_ENABLED: 'true',
    });
  });

  afterAll(() => stopHarness(h, environment));

  it('I5: ending moves to wrap_up with the outcome kept; completing the wrap-up closes it with that outcome', async () => {
    const { interactionId } = await h.assigned(SUPPORT);
    const ending = await h.change(interactionId, agent(ALICE), {
      type: 'end',
      outcome: 'abandoned',
      note: 'No answer',
    });
    expectStateChange(ending, {
      interactionId,
      from: 'work_in_progress',
      to: 'wrap_up',
      assigneeId: ALICE,
      cause: 'agent_ended',
      actor: { kind: 'agent', id: ALICE },
    });
    expect(await h.row(interactionId)).toEqual({
      id: interactionId,
      state: 'wrap_up',
      assignee_id: ALICE,
      pending_outcome: 'abandoned',
      ended_by: ALICE,
      closed_at: null,
    });
    const transcript = await h.transcript(interactionId);
    expect(transcript.filter((entry) => entry.body.startsWith('The agent ended'))).toEqual([
      expect.objectContaining({
        body: 'The agent ended the conversation as abandoned; wrap-up follows. Note: No answer',
        visibility: 'agents_only',
      }),
    ]);
    expect((await h.outbox('sms.outbound.send.v1', interactionId)).map((e) => e.data.body)).toEqual([
      CLOSING_MESSAGE,
    ]);

    await expect(h.change(interactionId, agent(ALICE), { type: 'hold' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
    });
    await expect(h.change(interactionId, agent(BOB), { type: 'complete_wrap_up' })).rejects.toMatchObject({
      code: 'NOT_ASSIGNEE',
      status: 403,
    });

    const completed = await h.change(interactionId, agent(ALICE), { type: 'complete_wrap_up' });
    expectStateChange(completed, {
      interactionId,
      from: 'wrap_up',
      to: 'closed_abandoned',
      assigneeId: ALICE,
      cause: 'wrap_up_completed',
      actor: { kind: 'agent', id: ALICE },
    });
    expect(await h.row(interactionId)).toEqual({
      id: interactionId,
      state: 'closed_abandoned',
      assignee_id: ALICE,
      pending_outcome: null,
      ended_by: ALICE,
      closed_at: expect.any(Date),
    });
    const changes = await h.outbox('interaction.conversation.state-changed.v1', interactionId);
    expect(changes.map((event) => event.id)).toEqual([
      expect.any(String),
      ending.stateChanged!.eventId,
      completed.stateChanged!.eventId,
    ]);
    // The closing message went when it was ended, and only then.
    expect(await h.outbox('sms.outbound.send.v1', interactionId)).toHaveLength(1);
    await expect(h.change(interactionId, agent(ALICE), { type: 'complete_wrap_up' })).rejects.toMatchObject({
      code: 'INTERACTION_CLOSED',
      status: 409,
    });
  });

  it('I5: a manager’s end goes through wrap-up too, and a manager may complete it', async () => {
    const { interactionId } = await h.assigned(QUIET);
    const manager: LifecycleActor = { id: MANAGER, role: 'manager' };
    const ending = await h.change(interactionId, manager, END_COMPLETE);
    expect(ending.stateChanged!.data).toMatchObject({ to: 'wrap_up', cause: 'manager_ended' });
    expect(await h.row(interactionId)).toMatchObject({ pending_outcome: 'complete', ended_by: MANAGER });
    const completed = await h.change(interactionId, manager, { type: 'complete_wrap_up' });
    expect(completed).toMatchObject({ state: 'closed_complete', assigneeId: ALICE });
    expect(completed.stateChanged!.data).toMatchObject({ from: 'wrap_up', cause: 'wrap_up_completed' });
    expect(await h.outbox('sms.outbound.send.v1', interactionId)).toEqual([]);
  });

  it('the database keeps pending_outcome set exactly while in wrap_up', async () => {
    const wrapping = await h.assigned(SUPPORT);
    await h.change(wrapping.interactionId, agent(ALICE), END_COMPLETE);
    const working = await h.assigned(SUPPORT);

    await expect(
      h.query(`UPDATE interaction SET pending_outcome = NULL WHERE id = $1`, [wrapping.interactionId]),
    ).rejects.toThrow(/interaction_pending_outcome_wrap_up_ck/);
    await expect(
      h.query(`UPDATE interaction SET state = 'closed_complete' WHERE id = $1`, [wrapping.interactionId]),
    ).rejects.toThrow(/interaction_pending_outcome_wrap_up_ck/);
    await expect(
      h.query(`UPDATE interaction SET pending_outcome = 'complete' WHERE id = $1`, [working.interactionId]),
    ).rejects.toThrow(/interaction_pending_outcome_wrap_up_ck/);
    await expect(
      h.query(`UPDATE interaction SET state = 'wrap_up' WHERE id = $1`, [working.interactionId]),
    ).rejects.toThrow(/interaction_pending_outcome_wrap_up_ck/);
    await expect(
      h.query(`UPDATE interaction SET pending_outcome = 'maybe' WHERE id = $1`, [wrapping.interactionId]),
    ).rejects.toThrow(/interaction_pending_outcome_ck/);

    expect(await h.row(wrapping.interactionId)).toMatchObject({
      state: 'wrap_up',
      pending_outcome: 'complete',
    });
    expect(await h.row(working.interactionId)).toMatchObject({
      state: 'work_in_progress',
      pending_outcome: null,
    });
    // Both together are fine: what the service does on completing the wrap-up.
    await h.query(`UPDATE interaction SET state = 'closed_complete', pending_outcome = NULL WHERE id = $1`, [
      wrapping.interactionId,
    ]);
  });
});
