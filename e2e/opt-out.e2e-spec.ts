// SPEC S2 through the running system: the requester's phone (the provider simulator) texts STOP and
// START, and the agent learns at once that nothing can be sent in between.
import { type AgentClient, eventually, phoneNumbers } from '@threadline/testkit';
import { type ErrorBody, openConversation } from './support/agent-api';
import {
  SUPPORT,
  SUPPORT_GREETING,
  SUPPORT_OPT_IN_CONFIRMATION,
  SUPPORT_OPT_OUT_CONFIRMATION,
} from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

describe('opt-out, end to end (SPEC S2)', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  const newRequester = phoneNumbers('+1555702');

  beforeAll(async () => {
    demo = await startDemoSystem();
    alice = await demo.loginAvailable('alice');
  });

  afterAll(() => demo?.stop());

  const receivedBy = async (phone: string) => (await demo.simulator.received(phone)).map((sms) => sms.body);

  /** A new requester texts Support and alice takes the conversation. */
  async function conversationWithAlice(phone: string, body: string): Promise<string> {
    await demo.simulator.sendSms(phone, SUPPORT, body);
    const offer = await alice.waitForEvent('offer.created', (data) => data.firstMessage === body);
    const { workItemId, interactionId } = offer.data as { workItemId: string; interactionId: string };
    await alice.expect(200, 'POST', `/offers/${workItemId}/accept`);
    return interactionId;
  }

  const reply = (interactionId: string, body: string) =>
    alice.call<ErrorBody>('POST', `/interactions/${interactionId}/messages`, { body });

  it('S2: STOP, one confirmation, the agent refused, START, one confirmation, the agent sends again', async () => {
    const phone = newRequester();
    const interactionId = await conversationWithAlice(phone, 'Hi, about my last invoice');
    await eventually(async () => expect(await receivedBy(phone)).toEqual([SUPPORT_GREETING]));

    await demo.simulator.sendSms(phone, SUPPORT, 'Stop');
    await eventually(async () =>
      expect(await receivedBy(phone)).toEqual([SUPPORT_GREETING, SUPPORT_OPT_OUT_CONFIRMATION]),
    );
    // The agent is told at once, and sees it on the conversation (with the requester's STOP and a note).
    const refused = await reply(interactionId, 'Are you still there?');
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { code: 'RECIPIENT_OPTED_OUT', details: { source: 'keyword', keyword: 'STOP' } } },
    });
    const detail = await eventually(async () => {
      const opened = await openConversation(alice, interactionId);
      expect(opened.requesterOptedOut).toMatchObject({ source: 'keyword', keyword: 'STOP' });
      return opened;
    });
    expect(detail.messages.map((line) => [line.visibility, line.body])).toEqual(
      expect.arrayContaining([
        ['requester_visible', 'Stop'],
        ['agents_only', expect.stringMatching(/^The requester opted out by texting STOP\./)],
        ['requester_visible', SUPPORT_OPT_OUT_CONFIRMATION],
      ]),
    );
    expect(detail.messages.map((line) => line.body)).not.toContain('Are you still there?');

    await demo.simulator.sendSms(phone, SUPPORT, 'START');
    await eventually(async () =>
      expect(await receivedBy(phone)).toEqual([
        SUPPORT_GREETING,
        SUPPORT_OPT_OUT_CONFIRMATION,
        SUPPORT_OPT_IN_CONFIRMATION,
      ]),
    );
    await eventually(async () =>
      expect((await openConversation(alice, interactionId)).requesterOptedOut).toBeNull(),
    );
    expect(await reply(interactionId, 'Welcome back! Your invoice is fixed.')).toMatchObject({ status: 202 });
    await eventually(async () =>
      expect(await receivedBy(phone)).toEqual([
        SUPPORT_GREETING,
        SUPPORT_OPT_OUT_CONFIRMATION,
        SUPPORT_OPT_IN_CONFIRMATION,
        'Welcome back! Your invoice is fixed.',
      ]),
    );
  });

  it('S2: a send the provider refuses with Twilio 21610 opts the number out; the next one is refused 409', async () => {
    const phone = newRequester();
    const interactionId = await conversationWithAlice(phone, 'Hello from an old phone');
    await demo.simulator.failNumber(phone, 'failed', 21610);
    expect(await reply(interactionId, 'Hi, how can I help?')).toMatchObject({ status: 202 });
    await eventually(async () =>
      expect((await openConversation(alice, interactionId)).requesterOptedOut).toMatchObject({
        source: 'provider',
        keyword: null,
      }),
    );
    expect(await reply(interactionId, 'Hello?')).toMatchObject({
      status: 409,
      body: { error: { code: 'RECIPIENT_OPTED_OUT' } },
    });
  });

  it('S2: the New SMS pre-check shows an opted-out number, and starting is refused', async () => {
    const phone = newRequester();
    await demo.simulator.sendSms(phone, SUPPORT, 'STOP');
    await eventually(async () => expect(await receivedBy(phone)).toEqual([SUPPORT_OPT_OUT_CONFIRMATION]));
    const precheck = await alice.expect<{ optedOut: unknown }>(200, 'POST', '/outbound/precheck', {
      companyAddress: SUPPORT,
      to: phone,
    });
    expect(precheck.optedOut).toMatchObject({ source: 'keyword', keyword: 'STOP' });
    const started = await alice.call<ErrorBody>('POST', '/outbound/conversations', {
      companyAddress: SUPPORT,
      to: phone,
      body: 'Hi, this is Threadline Support',
    });
    expect(started).toMatchObject({ status: 409, body: { error: { code: 'RECIPIENT_OPTED_OUT' } } });
    expect(await receivedBy(phone)).toEqual([SUPPORT_OPT_OUT_CONFIRMATION]);
  });
});
