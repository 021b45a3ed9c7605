// SPEC M1–M5 through the running system, with actions an admin defines with durations of a few
// seconds: a reminder reaches the agent's socket once, and a prompt reaches the requester's phone
// once, kept in the transcript as a requester-visible system message (S1).
import { type AgentClient, eventually, phoneNumbers } from '@threadline/testkit';
import { randomUUID } from 'node:crypto';
import { openConversation } from './support/agent-api';
import { SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

const REMINDER = 'The requester is waiting: please reply.';
const NUDGE = 'Are you still there? Reply here and we will carry on.';

interface Prompt {
  id: string;
  interactionId: string;
  text: string;
  actionName: string;
}

interface Timer {
  actionName: string | null;
  state: string;
  dueAt: string;
  outcome: string | null;
}

describe('messaging actions, end to end (SPEC M1–M5)', () => {
  let demo: DemoSystem;
  let admin: AgentClient;
  let alice: AgentClient;
  const newRequester = phoneNumbers('+1555720');

  beforeAll(async () => {
    demo = await startDemoSystem();
    admin = await demo.login('admin');
    alice = await demo.loginAvailable('alice');
  });

  afterAll(() => demo?.stop());

  const onSupport = { field: 'companyAddress', op: 'eq', value: SUPPORT };

  async function acceptOffer(phone: string, body: string): Promise<string> {
    await demo.simulator.sendSms(phone, SUPPORT, body);
    const offered = await alice.waitForEvent('offer.created', (data) => data.firstMessage === body);
    const { workItemId, interactionId } = offered.data as { workItemId: string; interactionId: string };
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    return interactionId;
  }

  it('M1, M5: the agent is reminded once, on their socket and in their prompts, when the requester waits', async () => {
    const reminder = await admin.expect<{ id: string }>(201, 'POST', '/admin/messaging-actions', {
      id: randomUUID(),
      name: 'Remind quickly',
      active: true,
      event: 'requester_message_without_agent_response',
      durationSeconds: 4,
      condition: { all: [onSupport, { field: 'assigned', op: 'eq', value: true }] },
      action: { kind: 'prompt_agent', text: REMINDER },
    });
    const phone = newRequester();
    const interactionId = await acceptOffer(phone, 'Where is my parcel?');

    // The armed timer is visible on the conversation, with its deadline.
    const armed = await alice.expect<{ timers: Timer[] }>(
      200,
      'GET',
      `/interactions/${interactionId}/timers`,
    );
    expect(armed.timers.map((timer) => timer.actionName)).toContain('Remind quickly');

    const pushed = await alice.waitForEvent(
      'prompt.created',
      (data) => data.interactionId === interactionId && data.text === REMINDER,
      { timeoutMs: 20_000 },
    );
    const prompt = pushed.data as unknown as Prompt;
    expect(prompt).toMatchObject({ interactionId, text: REMINDER, actionName: 'Remind quickly' });
    const listed = await alice.expect<{ prompts: Prompt[] }>(200, 'GET', '/me/prompts');
    expect(listed.prompts.filter((item) => item.interactionId === interactionId)).toHaveLength(1);

    // Once: the timer fired (outcome ran), nothing armed for that silence any more, one push.
    const history = await eventually(async () => {
      const answer = await alice.expect<{ timers: Timer[] }>(
        200,
        'GET',
        `/interactions/${interactionId}/timers?history=true`,
      );
      expect(answer.timers).toContainEqual(
        expect.objectContaining({ actionName: 'Remind quickly', state: 'fired', outcome: 'ran' }),
      );
      return answer;
    });
    expect(history.timers.filter((timer) => timer.actionName === 'Remind quickly')).toHaveLength(1);
    const pushes = alice.events.filter(
      (event) => event.type === 'prompt.created' && event.data.interactionId === interactionId,
    );
    expect(pushes).toHaveLength(1);

    await alice.expect(200, 'POST', `/me/prompts/${prompt.id}/dismiss`);
    const after = await alice.expect<{ prompts: Prompt[] }>(200, 'GET', '/me/prompts');
    expect(after.prompts.map((item) => item.id)).not.toContain(prompt.id);
    await admin.expect(200, 'DELETE', `/admin/messaging-actions/${reminder.id}`);
  });

  it('M2, M5, S1: the requester is prompted once by SMS when the agent waits, and the transcript keeps it', async () => {
    const nudge = await admin.expect<{ id: string }>(201, 'POST', '/admin/messaging-actions', {
      id: randomUUID(),
      name: 'Nudge the requester',
      active: true,
      event: 'agent_message_without_requester_response',
      durationSeconds: 3,
      condition: onSupport,
      action: { kind: 'prompt_requester', text: NUDGE },
    });
    const phone = newRequester();
    const interactionId = await acceptOffer(phone, 'I need to change my address');
    await alice.expect(202, 'POST', `/interactions/${interactionId}/messages`, {
      body: 'What is the new one?',
    });

    await eventually(async () => expect(await demo.bodiesReceivedBy(phone)).toContain(NUDGE), {
      timeoutMs: 20_000,
    });
    const detail = await eventually(async () => {
      const opened = await openConversation(alice, interactionId);
      expect(opened.messages.map((line) => line.body)).toContain(NUDGE);
      return opened;
    });
    const line = detail.messages.find((message) => message.body === NUDGE);
    expect(line).toMatchObject({
      direction: 'outbound',
      visibility: 'requester_visible',
      author: { kind: 'system' },
    });
    // Once: after the timer fired, the phone holds the prompt exactly once.
    await eventually(async () => {
      const timers = await alice.expect<{ timers: Timer[] }>(
        200,
        'GET',
        `/interactions/${interactionId}/timers?history=true`,
      );
      expect(timers.timers).toContainEqual(
        expect.objectContaining({ actionName: 'Nudge the requester', state: 'fired', outcome: 'ran' }),
      );
    });
    expect((await demo.bodiesReceivedBy(phone)).filter((body) => body === NUDGE)).toHaveLength(1);
    expect(detail.messages.filter((message) => message.body === NUDGE)).toHaveLength(1);

    // The requester answers: nothing is armed for the agent's silence any more.
    await demo.simulator.sendSms(phone, SUPPORT, '12 Main Street');
    await eventually(async () => {
      const timers = await alice.expect<{ timers: Timer[] }>(
        200,
        'GET',
        `/interactions/${interactionId}/timers`,
      );
      expect(timers.timers.map((timer) => timer.actionName)).not.toContain('Nudge the requester');
    });
    await admin.expect(200, 'DELETE', `/admin/messaging-actions/${nudge.id}`);
  });
});
