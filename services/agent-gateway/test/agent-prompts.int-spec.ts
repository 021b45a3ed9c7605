import { createEnvelope, encodeEnvelope, type EnvelopeOf, type PayloadOf } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { agentPromptsConsumer } from '../src/infra/messaging/agent-prompts.consumer';
import { ALICE, BOB, call, handled, login, publish, seedAgents, startGateway } from './support/gateway';
import { AgentSocket, withData } from './support/sockets';

type Fired = PayloadOf<'timer.action.fired.v1'>;

const prompt = z.object({
  id: z.uuid(),
  interactionId: z.uuid(),
  actionId: z.uuid(),
  actionName: z.string().nullable(),
  text: z.string(),
  deadline: z.string(),
  createdAt: z.string(),
  dismissedAt: z.string().nullable(),
});
const promptList = z.object({ prompts: z.array(prompt) });

const ACTION_ID = '01970000-0000-7000-8000-0000000d0001';

/** What the timer service publishes when a messaging action's timer falls due. */
function fired(overrides: Partial<Fired> = {}): EnvelopeOf<'timer.action.fired.v1'> {
  const interactionId = overrides.interactionId ?? uuidv7();
  return createEnvelope(
    'timer.action.fired.v1',
    {
      timerId: uuidv7(),
      interactionId,
      actionId: ACTION_ID,
      action: { kind: 'prompt_agent', text: 'The requester is waiting for your answer.' },
      deadline: '2025-01-01T10:05:00.000Z',
      firedAt: '2025-01-01T10:05:01.000Z',
      actionName: 'Nudge the agent',
      assigneeId: ALICE.id,
      ...overrides,
    },
    { correlationId: interactionId },
  );
}

describe('agent prompts (SPEC M5 Prompt agent)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let aliceToken: string;
  let bobToken: string;
  let alice: AgentSocket;
  let alicesOtherDevice: AgentSocket;

  const durable = agentPromptsConsumer().durable;

  /** How many firings the prompt consumer finished with this outcome (handled, duplicate, ignored). */
  async function consumed(outcome: string): Promise<number> {
    const { values } = await service.runtime.metrics.consumed.get();
    return values
      .filter((value) => value.labels.consumer === durable && value.labels.outcome === outcome)
      .reduce((sum, value) => sum + value.value, 0);
  }

  /** Publishes a firing and waits until the prompt consumer committed it. */
  async function deliver(envelope: EnvelopeOf<'timer.action.fired.v1'>): Promise<void> {
    await publish(service, envelope);
    await eventually(async () => expect(await handled(service, [envelope.id])).toBe(true));
  }

  /** The same message again, as JetStream redelivers it (no msgID, so no duplicate window drops it). */
  async function redeliver(envelope: EnvelopeOf<'timer.action.fired.v1'>): Promise<void> {
    const { js, ns } = service.runtime;
    await js.publish(ns.subject(envelope.subject), encodeEnvelope(envelope));
  }

  const rows = async (timerId: string) =>
    (
      await service.runtime.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM agent_prompt WHERE id = $1`,
        [timerId],
      )
    )[0]?.n;

  const listed = async (token: string) => {
    const answer = await call(service, 'GET', '/me/prompts', { token });
    expect(answer.status).toBe(200);
    return promptList.parse(answer.body).prompts;
  };

  const dismiss = (promptId: string, token: string) =>
    call(service, 'POST', `/me/prompts/${promptId}/dismiss`, { token });

  const createdFor = (socket: AgentSocket, id: string) => socket.received('prompt.created', withData({ id }));

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
    [aliceToken, bobToken] = await Promise.all([login(service, 'alice'), login(service, 'bob')]);
    [alice, alicesOtherDevice] = await Promise.all([
      AgentSocket.open(service.url, aliceToken),
      AgentSocket.open(service.url, aliceToken),
    ]);
  });

  afterAll(async () => {
    await alice?.close();
    await alicesOtherDevice?.close();
    await service?.stop();
    await environment?.dispose();
  });

  it('a prompt_agent firing pushes prompt.created to the agent who held the conversation, and lists it', async () => {
    const firing = fired();
    await deliver(firing);
    const pushed = await alice.next('prompt.created', withData({ id: firing.data.timerId }));
    const expected = {
      id: firing.data.timerId,
      interactionId: firing.data.interactionId,
      actionId: ACTION_ID,
      actionName: 'Nudge the agent',
      text: 'The requester is waiting for your answer.',
      deadline: '2025-01-01T10:05:00.000Z',
      createdAt: expect.any(String),
      dismissedAt: null,
    };
    expect(pushed.data).toEqual(expected);
    await alicesOtherDevice.next('prompt.created', withData({ id: firing.data.timerId }));
    expect(await listed(aliceToken)).toContainEqual(pushed.data);
    expect(await listed(bobToken)).not.toContainEqual(expect.objectContaining({ id: firing.data.timerId }));
  });

  it('a firing delivered twice, and again under another event id, makes one prompt and one push', async () => {
    const firing = fired();
    await deliver(firing);
    await alice.next('prompt.created', withData({ id: firing.data.timerId }));

    const [duplicates, handledBefore] = [await consumed('duplicate'), await consumed('handled')];
    await redeliver(firing);
    const again = createEnvelope('timer.action.fired.v1', firing.data, {
      correlationId: firing.correlationId,
    });
    expect(again.id).not.toBe(firing.id);
    await deliver(again);
    await eventually(async () => {
      expect(await consumed('duplicate')).toBe(duplicates + 1);
      expect(await consumed('handled')).toBeGreaterThanOrEqual(handledBefore + 1);
    });
    expect(await rows(firing.data.timerId)).toBe(1);

    // A later prompt arrives after anything the duplicates could have pushed.
    const later = fired();
    await deliver(later);
    await alice.next('prompt.created', withData({ id: later.data.timerId }));
    expect(createdFor(alice, firing.data.timerId)).toHaveLength(1);
    expect(createdFor(alicesOtherDevice, firing.data.timerId)).toHaveLength(1);
    expect(
      (await listed(aliceToken)).filter((listedPrompt) => listedPrompt.id === firing.data.timerId),
    ).toHaveLength(1);
  });

  it('lists the agent’s undismissed prompts newest first, and only theirs', async () => {
    const [first, second, bobs] = [fired(), fired(), fired({ assigneeId: BOB.id })];
    await deliver(first);
    await deliver(second);
    await deliver(bobs);
    const alices = (await listed(aliceToken)).map((listedPrompt) => listedPrompt.id);
    expect(alices.indexOf(second.data.timerId)).toBeGreaterThanOrEqual(0);
    expect(alices.indexOf(second.data.timerId)).toBeLessThan(alices.indexOf(first.data.timerId));
    expect(alices).not.toContain(bobs.data.timerId);
    const createdAt = (await listed(aliceToken)).map((listedPrompt) => listedPrompt.createdAt);
    expect([...createdAt].sort().reverse()).toEqual(createdAt);
    expect((await listed(bobToken)).map((listedPrompt) => listedPrompt.id)).toContain(bobs.data.timerId);
  });

  it('keeps a prompt whose firing did not name its action (older producers)', async () => {
    const { actionName: _omitted, ...unnamed } = fired().data;
    const firing = createEnvelope('timer.action.fired.v1', unnamed);
    await deliver(firing);
    expect(await listed(aliceToken)).toContainEqual(
      expect.objectContaining({ id: firing.data.timerId, actionName: null }),
    );
  });

  describe('POST /me/prompts/{promptId}/dismiss', () => {
    it('dismisses the prompt: it leaves the list, and the agent’s sockets hear prompt.dismissed', async () => {
      const firing = fired();
      await deliver(firing);
      const answer = await dismiss(firing.data.timerId, aliceToken);
      expect(answer.status).toBe(200);
      const dismissed = prompt.parse(answer.body);
      expect(dismissed).toMatchObject({ id: firing.data.timerId, dismissedAt: expect.any(String) });
      expect((await listed(aliceToken)).map((listedPrompt) => listedPrompt.id)).not.toContain(
        firing.data.timerId,
      );
      const pushed = await alicesOtherDevice.next('prompt.dismissed', withData({ id: firing.data.timerId }));
      expect(pushed.data).toEqual(dismissed);
    });

    it('answers the same record when dismissed again, and pushes nothing more', async () => {
      const firing = fired();
      await deliver(firing);
      const first = await dismiss(firing.data.timerId, aliceToken);
      await alicesOtherDevice.next('prompt.dismissed', withData({ id: firing.data.timerId }));
      expect(await dismiss(firing.data.timerId, aliceToken)).toEqual(first);

      // A later dismissal's push arrives after anything the repeated one could have pushed.
      const later = fired();
      await deliver(later);
      await dismiss(later.data.timerId, aliceToken);
      await alicesOtherDevice.next('prompt.dismissed', withData({ id: later.data.timerId }));
      expect(
        alicesOtherDevice.received('prompt.dismissed', withData({ id: firing.data.timerId })),
      ).toHaveLength(1);
    });

    it('answers 404 PROMPT_NOT_FOUND for someone else’s prompt, which stays listed for them', async () => {
      const firing = fired();
      await deliver(firing);
      expect(await dismiss(firing.data.timerId, bobToken)).toMatchObject({
        status: 404,
        body: { error: { code: 'PROMPT_NOT_FOUND' } },
      });
      expect((await listed(aliceToken)).map((listedPrompt) => listedPrompt.id)).toContain(
        firing.data.timerId,
      );
    });

    it('answers 404 PROMPT_NOT_FOUND for an unknown prompt, and 400 for an id that is not a uuid', async () => {
      expect(await dismiss(uuidv7(), aliceToken)).toMatchObject({
        status: 404,
        body: { error: { code: 'PROMPT_NOT_FOUND' } },
      });
      expect(await dismiss('nudge', aliceToken)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    });

    it('answers 401 without a token, as does the list', async () => {
      expect((await call(service, 'POST', `/me/prompts/${uuidv7()}/dismiss`)).status).toBe(401);
      expect((await call(service, 'GET', '/me/prompts')).status).toBe(401);
    });
  });

  it('lets other kinds of action, and a prompt for nobody, go without writing or pushing anything', async () => {
    const others = [
      fired({ action: { kind: 'prompt_requester', text: 'Are you still there?' } }),
      fired({ action: { kind: 'reassign' } }),
      fired({ action: { kind: 'set_state', state: 'closed_abandoned' } }),
      fired({ assigneeId: null }),
    ];
    const ignored = await consumed('ignored');
    for (const envelope of others) await publish(service, envelope);
    await eventually(async () => expect(await consumed('ignored')).toBe(ignored + others.length));
    for (const envelope of others) expect(await rows(envelope.data.timerId)).toBe(0);
    // Let go without a transaction: not even an inbox record.
    expect(await handled(service, [others[0]!.id])).toBe(false);

    const later = fired();
    await deliver(later);
    await alice.next('prompt.created', withData({ id: later.data.timerId }));
    for (const envelope of others) expect(createdFor(alice, envelope.data.timerId)).toHaveLength(0);
  });
});
