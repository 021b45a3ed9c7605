// SPEC M1–M7 against the real servers: the timer service booted as it runs, interaction's events
// published on JetStream, the conversation's owner played by the test. Deadlines are made to have
// passed by the messages' own times, so nothing waits for a clock.
import { createEnvelope, type PayloadOf, queries, type RequestOf } from '@threadline/contracts';
import { QueryError, type RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  FakeOwners,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { timerIdFor } from '../src/domain/arming';
import { TimerRepository } from '../src/infra/timer.repository';
import { timerService } from '../src/timer.service';

const REMIND_AGENT = '0193a000-0000-7000-8000-00000000a701';
const CLOSE_ABANDONED = '0193a000-0000-7000-8000-00000000a702';
const MINUTE = 60_000;

type Author = PayloadOf<'interaction.message.appended.v1'>['author'];

describe('timer: messaging actions (SPEC M1–M7)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let tap: MessageTap;
  /** What the fake interaction service answers, by interaction id. */
  const conversations = new Map<
    string,
    { state: string; assigneeId: string | null; companyAddress: string }
  >();
  const queueOf = new Map<string, string>();
  /** Conversations the fake owner fails to describe (an internal error, not a refusal). */
  const broken = new Set<string>();

  const store = () => new TimerRepository(service.runtime.dataSource.manager);

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    owners = await FakeOwners.start(environment);
    await owners.answer(queries.interactionFacts, ({ interactionId }) => {
      if (broken.has(interactionId)) return Promise.reject(new Error('the owner failed'));
      const conversation = conversations.get(interactionId);
      if (!conversation) return Promise.resolve({ found: false, state: null, assigneeId: null, facts: {} });
      const { state, assigneeId, companyAddress } = conversation;
      return Promise.resolve({
        found: true,
        state: state as 'new',
        assigneeId,
        facts: {
          state,
          assigned: assigneeId !== null,
          companyAddress,
          channel: 'sms',
          ...(assigneeId ? { assigneeId } : {}),
        },
      });
    });
    await owners.answer(queries.workItemOfInteraction, ({ interactionId }) => {
      const queueId = queueOf.get(interactionId);
      return Promise.resolve({
        workItem: queueId
          ? { workItemId: uuidv7(), queueId, queueName: 'Billing', agentId: null, open: true }
          : null,
      });
    });
    service = await bootService(timerService, environment);
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'timer.action.fired.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await owners?.stop();
    await environment?.dispose();
  });

  afterEach(async () => {
    // Each test's actions go with it, so the next one arms only its own (and the built-in ones).
    const { actions } = await service.runtime.ask(queries.listMessagingActions, {});
    for (const one of actions.filter((defined) => !defined.builtIn)) {
      await service.runtime.ask(queries.deleteMessagingAction, { id: one.id });
    }
  });

  /** A conversation the fake owner knows: in progress with alice unless told otherwise. */
  function conversation(
    extras: Partial<{ state: string; assigneeId: string | null; companyAddress: string }> = {},
  ) {
    const interactionId = uuidv7();
    conversations.set(interactionId, {
      state: 'work_in_progress',
      assigneeId: 'alice',
      companyAddress: '+15550100001',
      ...extras,
    });
    return interactionId;
  }

  function message(interactionId: string, author: Author, occurredAt: Date, messageId = uuidv7()) {
    const inbound = author.kind === 'requester';
    return createEnvelope(
      'interaction.message.appended.v1',
      {
        interactionId,
        messageId,
        direction: inbound ? 'inbound' : 'outbound',
        author,
        body: 'hello',
        media: [],
        occurredAt: occurredAt.toISOString(),
        gatewaySequence: inbound ? 1 : null,
        visibility: 'requester_visible',
      },
      { correlationId: interactionId },
    );
  }
  const requester = { kind: 'requester', id: 'user-1' } as const;
  const agent = { kind: 'agent', id: 'alice' } as const;
  const virtualAgent = { kind: 'virtual_agent', id: null } as const;
  const ago = (ms: number) => new Date(Date.now() - ms);

  async function action(settings: Partial<RequestOf<typeof queries.createMessagingAction>> = {}) {
    return service.runtime.ask(queries.createMessagingAction, {
      id: uuidv7(),
      name: `action ${uuidv7()}`,
      active: true,
      event: 'requester_message_without_agent_response',
      durationSeconds: 60,
      condition: null,
      action: { kind: 'prompt_requester', text: 'Are you still there?' },
      ...settings,
    });
  }

  /** Publishes the message and waits until the timer service has handled it. */
  async function deliver(envelope: ReturnType<typeof message>) {
    const handled = async () =>
      (
        await service.runtime.dataSource.query<unknown[]>(`SELECT 1 FROM inbox WHERE event_id = $1`, [
          envelope.id,
        ])
      ).length > 0;
    await tap.publish(envelope);
    await eventually(async () => {
      if (!(await handled())) throw new Error(`message ${envelope.id} not handled yet`);
    });
  }

  const armedOf = async (interactionId: string, actionId: string) =>
    (await store().armedOf(interactionId)).filter((timer) => timer.actionId === actionId);
  const firedEvents = (timerId: string) =>
    tap.events('timer.action.fired.v1').filter((e) => e.data.timerId === timerId);
  const fired = (timerId: string) =>
    eventually(async () => {
      const timer = await store().find(timerId);
      if (timer?.state !== 'fired') throw new Error(`timer ${timerId} is ${timer?.state}`);
      return timer;
    });

  describe('the actions admins define', () => {
    it('M7: ships with a reminder for the agent after 30 minutes and an abandon after 2 days', async () => {
      const { actions } = await service.runtime.ask(queries.listMessagingActions, {});
      expect(actions.filter((one) => one.builtIn)).toEqual([
        expect.objectContaining({
          id: REMIND_AGENT,
          active: true,
          event: 'requester_message_without_agent_response',
          durationSeconds: 30 * 60,
          action: { kind: 'prompt_agent', text: expect.any(String) },
          conditionText: expect.stringContaining('assigned'),
        }),
        expect.objectContaining({
          id: CLOSE_ABANDONED,
          active: true,
          event: 'agent_message_without_requester_response',
          durationSeconds: 2 * 24 * 3600,
          action: { kind: 'set_state', state: 'closed_abandoned' },
          condition: null,
        }),
      ]);
    });

    it('creates an action once per id, changes it, and deletes it with its timers', async () => {
      const created = await action({ name: 'Nudge the requester' });
      expect(created).toMatchObject({ name: 'Nudge the requester', builtIn: false, armedTimers: 0 });
      expect(await action({ id: created.id, name: 'Other name' })).toMatchObject({
        name: 'Nudge the requester',
      });
      const changed = await service.runtime.ask(queries.updateMessagingAction, {
        id: created.id,
        durationSeconds: 3600,
        condition: { field: 'state', op: 'eq', value: 'work_in_progress' },
      });
      expect(changed).toMatchObject({
        durationSeconds: 3600,
        conditionText: expect.stringContaining('state'),
      });

      const interactionId = conversation();
      await deliver(message(interactionId, requester, new Date()));
      expect(await armedOf(interactionId, created.id)).toHaveLength(1);
      expect((await service.runtime.ask(queries.listMessagingActions, {})).actions).toContainEqual(
        expect.objectContaining({ id: created.id, armedTimers: 1 }),
      );
      expect(await service.runtime.ask(queries.deleteMessagingAction, { id: created.id })).toEqual({
        id: created.id,
        disarmedTimers: 1,
      });
      expect(await armedOf(interactionId, created.id)).toEqual([]);
    });

    it('answers every invalid part of the filter with its path, a taken name and an unknown action', async () => {
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => null,
          (error: unknown) => error as QueryError,
        );
      const invalid = await refusal(
        action({
          condition: {
            all: [
              { field: 'state', op: 'eq', value: 'asleep' },
              { field: 'mood', op: 'eq', value: 'grumpy' },
            ],
          },
        }),
      );
      expect(invalid).toMatchObject({ code: 'MESSAGING_ACTION_INVALID', status: 400 });
      expect((invalid!.details as Array<{ path: string }>).map((detail) => detail.path)).toEqual([
        'condition.all[0].value',
        'condition.all[1].field',
      ]);
      const taken = await refusal(action({ name: 'remind THE agent' }));
      expect(taken).toMatchObject({ code: 'MESSAGING_ACTION_NAME_TAKEN', status: 409 });
      const missing = await refusal(
        service.runtime.ask(queries.updateMessagingAction, { id: uuidv7(), active: false }),
      );
      expect(missing).toMatchObject({ code: 'MESSAGING_ACTION_NOT_FOUND', status: 404 });
      const shape = await refusal(action({ durationSeconds: 0 }));
      expect(shape).toBeInstanceOf(QueryError);
    });
  });

  describe('arming and disarming', () => {
    it('M1: a requester message arms the timer; an agent reply disarms it', async () => {
      const nudge = await action({ durationSeconds: 3600 });
      const interactionId = conversation();
      const sentAt = new Date();
      const first = message(interactionId, requester, sentAt);
      await deliver(first);
      expect(await armedOf(interactionId, nudge.id)).toEqual([
        {
          timerId: timerIdFor(interactionId, nudge.id, first.data.messageId),
          actionId: nudge.id,
          dueAt: new Date(sentAt.getTime() + 3600_000),
          armedByMessageId: first.data.messageId,
        },
      ]);
      await deliver(message(interactionId, agent, new Date(sentAt.getTime() + 1_000)));
      expect(await armedOf(interactionId, nudge.id)).toEqual([]);
    });

    it('M1: a virtual agent reply disarms it too', async () => {
      const nudge = await action({ durationSeconds: 3600 });
      const interactionId = conversation({ state: 'new', assigneeId: null });
      const sentAt = new Date();
      await deliver(message(interactionId, requester, sentAt));
      expect(await armedOf(interactionId, nudge.id)).toHaveLength(1);
      await deliver(message(interactionId, virtualAgent, new Date(sentAt.getTime() + 500)));
      expect(await armedOf(interactionId, nudge.id)).toEqual([]);
    });

    it('M2: an agent message arms the timer; a requester reply disarms it', async () => {
      const chase = await action({
        event: 'agent_message_without_requester_response',
        durationSeconds: 3600,
      });
      const interactionId = conversation();
      const sentAt = new Date();
      await deliver(message(interactionId, agent, sentAt));
      expect(await armedOf(interactionId, chase.id)).toHaveLength(1);
      await deliver(message(interactionId, requester, new Date(sentAt.getTime() + 1_000)));
      expect(await armedOf(interactionId, chase.id)).toEqual([]);
    });

    it('M3: a further message from the same side keeps the first deadline', async () => {
      const nudge = await action({ durationSeconds: 3600 });
      const interactionId = conversation();
      const first = new Date();
      await deliver(message(interactionId, requester, first));
      await deliver(message(interactionId, requester, new Date(first.getTime() + 120_000)));
      const [timer] = await armedOf(interactionId, nudge.id);
      expect(timer?.dueAt).toEqual(new Date(first.getTime() + 3600_000));
      expect(await armedOf(interactionId, nudge.id)).toHaveLength(1);
    });

    it('a requester message older than the agent reply already handled was answered: it arms nothing', async () => {
      const nudge = await action({ durationSeconds: 3600 });
      const interactionId = conversation();
      const now = new Date();
      await deliver(message(interactionId, agent, now));
      await deliver(message(interactionId, requester, new Date(now.getTime() - 5_000)));
      expect(await armedOf(interactionId, nudge.id)).toEqual([]);
    });

    it('system messages and agents-only notes arm nothing (no transaction either)', async () => {
      const nudge = await action({
        event: 'agent_message_without_requester_response',
        durationSeconds: 3600,
      });
      const interactionId = conversation();
      const note = createEnvelope(
        'interaction.message.appended.v1',
        {
          ...message(interactionId, { kind: 'system', id: null }, new Date()).data,
          direction: 'internal',
          visibility: 'agents_only',
        },
        { correlationId: interactionId },
      );
      await tap.publish(note);
      await tap.publish(message(interactionId, { kind: 'system', id: null }, new Date()));
      // A later agent message is handled after both (one consumer, in order): only it arms.
      const reply = message(interactionId, agent, new Date());
      await deliver(reply);
      expect((await armedOf(interactionId, nudge.id)).map((timer) => timer.armedByMessageId)).toEqual([
        reply.data.messageId,
      ]);
    });

    it('M6: closing the conversation disarms all its timers; a message from before the close arms none', async () => {
      const nudge = await action({ durationSeconds: 3600 });
      const interactionId = conversation();
      const sentAt = new Date();
      await deliver(message(interactionId, requester, sentAt));
      expect((await store().armedOf(interactionId)).length).toBeGreaterThanOrEqual(2); // ours and the M7 reminder
      const closed = createEnvelope(
        'interaction.conversation.state-changed.v1',
        {
          interactionId,
          from: 'work_in_progress',
          to: 'closed_complete',
          assigneeId: 'alice',
          cause: 'agent_ended',
        },
        { correlationId: interactionId },
      );
      await tap.publish(closed);
      await eventually(async () => expect(await store().armedOf(interactionId)).toEqual([]));
      await deliver(message(interactionId, requester, new Date(sentAt.getTime() + 1)));
      expect(await armedOf(interactionId, nudge.id)).toEqual([]);
    });

    it('M7: every requester message arms the reminder, every agent message the abandon timer', async () => {
      const interactionId = conversation();
      const sentAt = new Date();
      await deliver(message(interactionId, requester, sentAt));
      expect((await armedOf(interactionId, REMIND_AGENT))[0]?.dueAt).toEqual(
        new Date(sentAt.getTime() + 30 * MINUTE),
      );
      const replyAt = new Date(sentAt.getTime() + 1_000);
      await deliver(message(interactionId, agent, replyAt));
      expect(await armedOf(interactionId, REMIND_AGENT)).toEqual([]);
      expect((await armedOf(interactionId, CLOSE_ABANDONED))[0]?.dueAt).toEqual(
        new Date(replyAt.getTime() + 2 * 24 * 60 * MINUTE),
      );
    });

    it('shows a conversation its armed timers with their deadlines, and what became of the others', async () => {
      const nudge = await action({ name: 'Visible nudge', durationSeconds: 3600 });
      const interactionId = conversation();
      const sentAt = new Date();
      await deliver(message(interactionId, requester, sentAt));
      const armedOnly = await service.runtime.ask(queries.listInteractionTimers, { interactionId });
      expect(armedOnly.timers.map((timer) => [timer.actionName, timer.state, timer.dueAt])).toEqual(
        [
          ['Visible nudge', 'armed', new Date(sentAt.getTime() + 3600_000).toISOString()],
          ['Remind the agent', 'armed', new Date(sentAt.getTime() + 30 * MINUTE).toISOString()],
        ].sort((a, b) => a[2]!.localeCompare(b[2]!)),
      );
      await deliver(message(interactionId, agent, new Date(sentAt.getTime() + 1_000)));
      const withHistory = await service.runtime.ask(queries.listInteractionTimers, {
        interactionId,
        includeHistory: true,
      });
      expect(withHistory.timers[0]).toMatchObject({
        actionName: 'Close abandoned conversations',
        state: 'armed',
      });
      expect(withHistory.timers).toContainEqual(
        expect.objectContaining({ actionId: nudge.id, state: 'disarmed', disarmedAt: expect.any(String) }),
      );
    });
  });

  describe('firing', () => {
    it('M4: at the deadline the filter meets the conversation as it is then; only a match runs', async () => {
      const onlyInProgress = await action({
        durationSeconds: 60,
        condition: { field: 'state', op: 'eq', value: 'work_in_progress' },
      });
      const matching = conversation();
      const onHold = conversation({ state: 'on_hold' });
      const yes = message(matching, requester, ago(61_000));
      const no = message(onHold, requester, ago(61_000));
      await deliver(yes);
      await deliver(no);
      const ran = await fired(timerIdFor(matching, onlyInProgress.id, yes.data.messageId));
      const skipped = await fired(timerIdFor(onHold, onlyInProgress.id, no.data.messageId));
      expect(ran.outcome).toBe('ran');
      expect(skipped.outcome).toBe('filtered_out');
      await tap.waitFor('timer.action.fired.v1', (event) => event.data.timerId === ran.id);
      expect(firedEvents(skipped.id)).toEqual([]);
    });

    it("M4: a filter on the queue asks routing, the conversation's owner for the rest", async () => {
      const billing = uuidv7();
      const billingOnly = await action({
        durationSeconds: 60,
        condition: { field: 'queueId', op: 'eq', value: billing },
      });
      const inBilling = conversation();
      queueOf.set(inBilling, billing);
      const elsewhere = conversation();
      const first = message(inBilling, requester, ago(61_000));
      const second = message(elsewhere, requester, ago(61_000));
      await deliver(first);
      await deliver(second);
      expect((await fired(timerIdFor(inBilling, billingOnly.id, first.data.messageId))).outcome).toBe('ran');
      expect((await fired(timerIdFor(elsewhere, billingOnly.id, second.data.messageId))).outcome).toBe(
        'filtered_out',
      );
    });

    it('M5: each kind of action is announced with what it does, the agent prompt for who holds it now', async () => {
      const kinds = [
        { kind: 'prompt_agent', text: 'Please answer' },
        { kind: 'prompt_requester', text: 'Still there?' },
        { kind: 'reassign' },
        { kind: 'set_state', state: 'closed_abandoned' },
      ] as const;
      for (const effect of kinds) {
        const defined = await action({ durationSeconds: 60, action: effect });
        const interactionId = conversation({ assigneeId: 'bob' });
        const sent = message(interactionId, requester, ago(61_000));
        await deliver(sent);
        const timerId = timerIdFor(interactionId, defined.id, sent.data.messageId);
        const [event] = await tap.waitFor('timer.action.fired.v1', (e) => e.data.timerId === timerId);
        expect(event!.data).toMatchObject({
          interactionId,
          actionId: defined.id,
          actionName: defined.name,
          action: effect,
        });
        // The owner is asked only for the agent prompt (no filter here): only it names the assignee.
        if (effect.kind === 'prompt_agent') expect(event!.data.assigneeId).toBe('bob');
        else expect(event!.data).not.toHaveProperty('assigneeId');
        expect(event!.correlationId).toBe(interactionId);
        await service.runtime.ask(queries.deleteMessagingAction, { id: defined.id });
      }
    });

    it('M5: an agent prompt for a conversation nobody holds, or an ended one, runs nothing', async () => {
      const prompt = await action({ durationSeconds: 60, action: { kind: 'prompt_agent', text: 'Answer' } });
      const unassigned = conversation({ state: 'new', assigneeId: null });
      const ended = conversation({ state: 'closed_complete' });
      const first = message(unassigned, requester, ago(61_000));
      const second = message(ended, requester, ago(61_000));
      await deliver(first);
      await deliver(second);
      expect((await fired(timerIdFor(unassigned, prompt.id, first.data.messageId))).outcome).toBe(
        'no_assignee',
      );
      expect((await fired(timerIdFor(ended, prompt.id, second.data.messageId))).outcome).toBe(
        'interaction_closed',
      );
      await service.runtime.ask(queries.deleteMessagingAction, { id: prompt.id });
    });

    it('an action switched off after arming runs nothing at the deadline', async () => {
      const nudge = await action({ durationSeconds: 3600 });
      const interactionId = conversation();
      const sent = message(interactionId, requester, new Date());
      await deliver(sent);
      await service.runtime.ask(queries.updateMessagingAction, { id: nudge.id, active: false });
      // Bring the deadline to now, as if the hour had passed.
      const timerId = timerIdFor(interactionId, nudge.id, sent.data.messageId);
      await service.runtime.dataSource.query(
        `UPDATE timer SET due_at = now() - interval '1 second' WHERE id = $1`,
        [timerId],
      );
      // The scheduler looks again within its horizon; a due arm of another conversation wakes it now.
      const waker = await action({ durationSeconds: 60 });
      await deliver(message(conversation(), requester, ago(61_000)));
      expect((await fired(timerId)).outcome).toBe('action_inactive');
      expect(firedEvents(timerId)).toEqual([]);
      await service.runtime.ask(queries.deleteMessagingAction, { id: waker.id });
    });

    it('a timer whose owner fails is retried later on its own; the others fire meanwhile', async () => {
      const filtered = await action({
        durationSeconds: 60,
        condition: { field: 'assigned', op: 'eq', value: true },
      });
      const failing = conversation();
      broken.add(failing);
      const healthy = conversation();
      const first = message(failing, requester, ago(61_000));
      const second = message(healthy, requester, ago(61_000));
      await deliver(first);
      await deliver(second);
      expect((await fired(timerIdFor(healthy, filtered.id, second.data.messageId))).outcome).toBe('ran');
      const failingId = timerIdFor(failing, filtered.id, first.data.messageId);
      await eventually(async () =>
        expect(await store().find(failingId)).toMatchObject({ state: 'armed', attempts: 1 }),
      );
      broken.delete(failing);
      // Retried about a second later (TIMER_RETRY_MS), and fired then.
      expect(await fired(failingId)).toMatchObject({ outcome: 'ran', attempts: 2 });
    });

    it('M6: a timer fires once, and a redelivered message arms nothing again after it fired', async () => {
      const nudge = await action({ durationSeconds: 60 });
      const interactionId = conversation();
      const sent = message(interactionId, requester, ago(61_000));
      await deliver(sent);
      const timerId = timerIdFor(interactionId, nudge.id, sent.data.messageId);
      await fired(timerId);
      await tap.waitFor('timer.action.fired.v1', (event) => event.data.timerId === timerId);
      // The same message again, as a redelivery with a new envelope id would bring it.
      await deliver(
        createEnvelope('interaction.message.appended.v1', sent.data, { correlationId: interactionId }),
      );
      expect(await armedOf(interactionId, nudge.id)).toEqual([]);
      const outbox = await service.runtime.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox WHERE subject LIKE '%timer.action.fired.v1' AND payload->'data'->>'timerId' = $1`,
        [timerId],
      );
      expect(outbox[0]!.n).toBe(1);
      expect(firedEvents(timerId)).toHaveLength(1);
    });

    it('serves pending timers, arms, fires by outcome, lateness and disarms on /metrics', async () => {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      for (const metric of [
        'threadline_timer_pending',
        'threadline_timer_arms_total',
        'threadline_timer_fires_total{',
        'threadline_timer_fire_lateness_seconds_bucket',
        'threadline_timer_disarms_total{',
      ]) {
        expect(text).toContain(metric);
      }
      expect(text).toMatch(/threadline_timer_fires_total\{[^}]*outcome="ran"/);
      expect(text).toMatch(/threadline_timer_disarms_total\{[^}]*reason="closed"/);
    });
  });
});
