// One walk through the running system (issue 10, "Done when"): a requester texts Billing and talks
// to the virtual agent, asks for a person and is handed to alice (capacity 1); a second requester
// texts Support while she is busy and waits; alice ends the first conversation and the second is
// offered to her at once. Only the simulator's phone, the agent REST API and the WebSocket drive
// it; the database is read to assert what routing and interaction hold.
import { type AgentClient, eventually } from '@threadline/testkit';
import { type ConversationDetail, type Offer, ongoing, openConversation } from './support/agent-api';
import { interactionsOf as interactionRows, workItemsOf } from './support/database';
import {
  BILLING,
  BILLING_VIRTUAL_AGENT as va,
  JOINED_NOTE,
  QUEUE_NOTE,
  SUPPORT,
  SUPPORT_GREETING,
} from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

/** Two requesters no directory user or profile knows. */
const FIRST = '+15557300001';
const SECOND = '+15557300002';

/** A numbered menu as the phone shows it: the prompt, then "1. title" a line. */
const menu = (prompt: string, entries: Array<{ title: string }>) =>
  [prompt, ...entries.map((entry, index) => `${index + 1}. ${entry.title}`)].join('\n');
const payments = va.topics[1]!;
const mainMenu = menu(va.menuPrompt, va.topics);
const paymentsMenu = menu(payments.menuPrompt!, payments.choices!);
const cardAnswer = payments.choices![0]!.answer;
/** The virtual agent's answer to a first message that names no topic. */
const firstTurn = [va.greeting, mainMenu];

describe('a walk through Threadline: virtual agent, handoff, a full agent, a freed seat', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let maria: AgentClient;
  let first: string;
  let second: string;

  beforeAll(async () => {
    // Capacity 1: one conversation fills alice, so the second requester has to wait.
    demo = await startDemoSystem({ envOf: { routing: { ROUTING_DEFAULT_CAPACITY: '1' } } });
    alice = await demo.loginAvailable('alice');
    maria = await demo.login('maria');
  });

  afterAll(() => demo?.stop());

  const phone = (number: string) => demo.bodiesReceivedBy(number);
  /**
   * Waits until `number`'s phone received exactly these messages, turn by turn. Turns arrive in
   * order (each requester message waits for the answer to the one before), but the SMS of one
   * turn (the greeting and the menu) are sent concurrently by sms-gateway, so within a turn the
   * order is not asserted.
   */
  const phoneShows = (number: string, turns: string[][]) =>
    eventually(async () => {
      const received = await phone(number);
      expect(received).toHaveLength(turns.flat().length);
      let at = 0;
      for (const turn of turns) {
        expect([...received.slice(at, at + turn.length)].sort()).toEqual([...turn].sort());
        at += turn.length;
      }
      return received;
    });

  const interactionsOf = (requester: string, company: string) =>
    interactionRows(demo.db, requester, company, ['id', 'state', 'handled_by', 'va_turns']);
  const workItems = (interactionId: string) => workItemsOf(demo.db, interactionId);
  const offersFor = (interactionId: string) =>
    alice.events.filter(
      (event) => event.type === 'offer.created' && event.data.interactionId === interactionId,
    );
  const shape = (detail: ConversationDetail) =>
    detail.messages.map((line) => [line.author.kind, line.direction, line.visibility, line.body]);

  it('R1: the first requester texts Billing; the virtual agent greets and shows the numbered menu', async () => {
    await demo.simulator.sendSms(FIRST, BILLING, 'Hello there');
    await phoneShows(FIRST, [firstTurn]);
    const rows = await interactionsOf(FIRST, BILLING);
    expect(rows).toEqual([expect.objectContaining({ state: 'new', handled_by: 'virtual_agent' })]);
    first = rows[0]!.id;
    expect(await workItems(first)).toEqual([]);
    expect(offersFor(first)).toEqual([]);
  });

  it('R3: picking topics by number continues the same conversation with the virtual agent, no agent offered', async () => {
    await demo.simulator.sendSms(FIRST, BILLING, '2');
    await phoneShows(FIRST, [firstTurn, [paymentsMenu]]);
    // Inside "Ways to pay", "1" is its first choice (Card), not the main menu's first topic.
    await demo.simulator.sendSms(FIRST, BILLING, '1');
    await phoneShows(FIRST, [firstTurn, [paymentsMenu], [cardAnswer]]);
    expect(await interactionsOf(FIRST, BILLING)).toEqual([
      { id: first, state: 'new', handled_by: 'virtual_agent', va_turns: 3 },
    ]);
    expect(await workItems(first)).toEqual([]);
    expect(offersFor(first)).toEqual([]);
  });

  let firstOffer: Offer;

  it('Virtual agent, W4, W6: "talk to a HUMAN, please!" hands over; alice (capacity 1, available) is offered it and accepts', async () => {
    await demo.simulator.sendSms(FIRST, BILLING, 'talk to a HUMAN, please!');
    const offer = await alice.waitForEvent('offer.created', (data) => data.interactionId === first);
    firstOffer = offer.data as unknown as Offer;
    await phoneShows(FIRST, [firstTurn, [paymentsMenu], [cardAnswer], [va.handoffMessage]]);
    expect(await interactionsOf(FIRST, BILLING)).toEqual([
      expect.objectContaining({ id: first, state: 'new', handled_by: 'routing' }),
    ]);

    await alice.expect(200, 'POST', `/offers/${firstOffer.workItemId}/accept`);
    expect((await ongoing(alice)).map((item) => item.interactionId)).toEqual([first]);
    expect(await workItems(first)).toEqual([{ state: 'assigned', agent_id: alice.agentId }]);
  });

  it('S1: alice replies and the phone receives it; the handoff and queue notes are in her transcript for agents only, and never reached the phone', async () => {
    const reply = 'Hi, this is Alice from Billing. How can I help with your card payment?';
    await alice.expect(202, 'POST', `/interactions/${first}/messages`, { body: reply });
    const turns = [firstTurn, [paymentsMenu], [cardAnswer], [va.handoffMessage], [reply]];
    await phoneShows(FIRST, turns);

    const detail = await eventually(async () => {
      const answer = await openConversation(alice, first);
      expect(answer.messages.at(-1)?.body).toBe(reply);
      expect(answer.messages.map((line) => line.body)).toContain(JOINED_NOTE);
      expect(answer.interaction).toMatchObject({ state: 'work_in_progress', assigneeId: alice.agentId });
      return answer;
    });
    const visible = ['outbound', 'requester_visible'];
    expect(shape(detail)).toEqual([
      ['requester', 'inbound', 'requester_visible', 'Hello there'],
      ['virtual_agent', ...visible, va.greeting],
      ['virtual_agent', ...visible, mainMenu],
      ['requester', 'inbound', 'requester_visible', '2'],
      ['virtual_agent', ...visible, paymentsMenu],
      ['requester', 'inbound', 'requester_visible', '1'],
      ['virtual_agent', ...visible, cardAnswer],
      ['requester', 'inbound', 'requester_visible', 'talk to a HUMAN, please!'],
      ['virtual_agent', ...visible, va.handoffMessage],
      ['system', 'internal', 'agents_only', expect.stringContaining('the requester asked for a person')],
      ['system', 'internal', 'agents_only', QUEUE_NOTE],
      ['system', 'internal', 'agents_only', JOINED_NOTE],
      ['agent', ...visible, reply],
    ]);
    const notes = detail.messages.filter((line) => line.visibility === 'agents_only');
    expect(notes).toHaveLength(3);
    const onPhone = await phoneShows(FIRST, turns);
    for (const note of notes) expect(onPhone).not.toContain(note.body);
  });

  it('W4, S1: a second requester texts Support while alice is full; the conversation waits queued, offered to nobody, and only the greeting reaches the phone', async () => {
    await demo.simulator.sendSms(SECOND, SUPPORT, 'My router keeps dropping the connection');
    await phoneShows(SECOND, [[SUPPORT_GREETING]]);
    second = await eventually(async () => {
      const rows = await interactionsOf(SECOND, SUPPORT);
      expect(rows).toEqual([expect.objectContaining({ state: 'new', handled_by: 'routing' })]);
      return rows[0]!.id;
    });
    // Routing has dispatched it and found no candidate: alice's one seat is taken.
    await eventually(async () =>
      expect(await workItems(second)).toEqual([{ state: 'queued', agent_id: null }]),
    );
    expect(offersFor(second)).toEqual([]);
    expect(await alice.expect<{ items: unknown[] }>(200, 'GET', '/inbox/offers')).toEqual({ items: [] });

    // A manager sees the waiting conversation; its queue note is for agents and is not on the phone.
    const detail = await eventually(async () => {
      const answer = await openConversation(maria, second);
      expect(answer.messages).toHaveLength(3);
      return answer;
    });
    expect(detail.interaction).toMatchObject({ state: 'new', assigneeId: null });
    expect(shape(detail)).toEqual([
      ['requester', 'inbound', 'requester_visible', 'My router keeps dropping the connection'],
      ['system', 'outbound', 'requester_visible', SUPPORT_GREETING],
      ['system', 'internal', 'agents_only', QUEUE_NOTE],
    ]);
    expect(await phone(SECOND)).toEqual([SUPPORT_GREETING]);
  });

  it('I5, W4: alice ends the first conversation; her seat is free and the waiting one is offered to her at once; she accepts it', async () => {
    const ended = await alice.expect<{ state: string }>(200, 'POST', `/interactions/${first}/end`, {
      outcome: 'complete',
      note: 'Card payment explained',
    });
    expect(ended.state).toBe('closed_complete');

    // The offer may be pushed before its details reach agent-gateway, then again with them.
    const offer = await alice.waitForEvent(
      'offer.created',
      (data) => data.interactionId === second && data.firstMessage != null && data.requesterAddress != null,
    );
    expect(await workItems(first)).toEqual([{ state: 'closed', agent_id: null }]);
    expect(offer.data).toMatchObject({
      requesterAddress: SECOND,
      companyAddress: SUPPORT,
      firstMessage: 'My router keeps dropping the connection',
    });

    await alice.expect(200, 'POST', `/offers/${(offer.data as unknown as Offer).workItemId}/accept`);
    expect(await ongoing(alice)).toEqual([
      expect.objectContaining({ interactionId: second, assigneeId: alice.agentId }),
    ]);
    expect(await interactionsOf(SECOND, SUPPORT)).toEqual([
      expect.objectContaining({ id: second, state: 'work_in_progress' }),
    ]);
    // Not at once: when interaction's consumer of routing's assigned event applies the assignment
    // before the gateway's record-assignment command, the command answers no state change and the
    // gateway's read model shows `new` until the event arrives from the stream.
    await eventually(async () =>
      expect(await ongoing(alice)).toEqual([
        expect.objectContaining({ interactionId: second, state: 'work_in_progress' }),
      ]),
    );
    expect(await workItems(second)).toEqual([{ state: 'assigned', agent_id: alice.agentId }]);
  });
});
