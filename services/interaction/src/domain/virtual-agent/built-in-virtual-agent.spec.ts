import { type BuiltInVirtualAgentSettings, builtInVirtualAgentSchema } from '../company-number-settings';
import {
  BuiltInVirtualAgent,
  type BuiltInState,
  builtInStateOf,
  decideBuiltIn,
  INITIAL_STATE,
} from './built-in-virtual-agent';

const GREETING = 'Hi, I am the Billing assistant.';
const HANDOFF = 'Finding you a person.';
const SORRY = 'Sorry?';

function settings(overrides: Partial<Record<string, unknown>> = {}): BuiltInVirtualAgentSettings {
  return builtInVirtualAgentSchema.parse({
    kind: 'builtin',
    greeting: GREETING,
    menuPrompt: 'Pick one:',
    notUnderstood: SORRY,
    handoffMessage: HANDOFF,
    topics: [
      { id: 'hours', title: 'Opening hours', keywords: ['hours', 'open'], answer: 'We are open 9 to 5.' },
      {
        id: 'payments',
        title: 'Ways to pay',
        keywords: ['pay'],
        answer: 'We take cards and transfers.',
        menuPrompt: 'Which one?',
        choices: [
          { id: 'card', title: 'Card', keywords: ['card'], answer: 'Pay by card in the app.' },
          { id: 'bank', title: 'Bank', keywords: ['bank'], answer: 'Transfer to 12-3456.' },
          { id: 'pay-person', title: 'Someone to help me pay', keywords: ['help'], handoff: true },
        ],
      },
      {
        id: 'dispute',
        title: 'Dispute a charge',
        keywords: ['dispute', 'wrong charge'],
        answer: 'A specialist will look into it.',
        handoff: true,
      },
      { id: 'live', title: 'Talk to a live agent', handoff: true },
    ],
    ...overrides,
  });
}

const MAIN_MENU = 'Pick one:\n1. Opening hours\n2. Ways to pay\n3. Dispute a charge\n4. Talk to a live agent';
const PAY_MENU = 'Which one?\n1. Card\n2. Bank\n3. Someone to help me pay';

const inMain: BuiltInState = { started: true, topic: null, misunderstandings: 0 };
const inPayments: BuiltInState = { started: true, topic: 'payments', misunderstandings: 0 };

describe('the built-in virtual agent (SPEC "Virtual agent")', () => {
  const config = settings();

  describe('R1: the first message', () => {
    it('gets the greeting and the numbered main menu', () => {
      expect(decideBuiltIn(null, 'hello', config)).toEqual({
        replies: [GREETING, MAIN_MENU],
        nextState: inMain,
      });
    });

    it('gets the greeting and the answer of a topic its keywords name', () => {
      expect(decideBuiltIn(null, 'When are you open?', config)).toEqual({
        replies: [GREETING, 'We are open 9 to 5.'],
        nextState: inMain,
      });
    });

    it('naming a topic with its own menu gets the greeting, the answer and that menu', () => {
      expect(decideBuiltIn(null, 'how can I pay', config)).toEqual({
        replies: [GREETING, 'We take cards and transfers.', PAY_MENU],
        nextState: inPayments,
      });
    });

    it('asking for a person hands over at once, without the greeting', () => {
      expect(decideBuiltIn(null, 'agent', config)).toEqual({
        replies: [HANDOFF],
        nextState: { ...INITIAL_STATE, started: true },
        handoff: { reason: 'requested_person' },
      });
    });

    it('a number means nothing yet: the greeting and the menu', () => {
      expect(decideBuiltIn(null, '2', config).replies).toEqual([GREETING, MAIN_MENU]);
    });
  });

  describe('asking for a person (requested_person)', () => {
    it.each([
      'AGENT!',
      'a human, please?',
      'Can I talk to a Person',
      'representative.',
      '...agent...',
      'I want an agent now',
    ])('hands over on %p, in any case and with punctuation around the word', (message) => {
      const decision = decideBuiltIn(inMain, message, config);
      expect(decision.handoff).toEqual({ reason: 'requested_person' });
      expect(decision.replies).toEqual([HANDOFF]);
    });

    it.each(['agents', 'reagent', 'humanity', 'personal details', 'my payment'])(
      'does not hand over on %p: keywords match whole words only',
      (message) => {
        expect(decideBuiltIn(inMain, message, config).handoff).toBeUndefined();
      },
    );

    it('takes precedence over a menu choice in the same message', () => {
      expect(decideBuiltIn(inMain, 'agent 1', config).handoff).toEqual({ reason: 'requested_person' });
    });

    it('uses the configured keywords instead of the defaults, including several words in a row', () => {
      const custom = settings({ personKeywords: ['operator', 'real person'] });
      expect(decideBuiltIn(inMain, 'Operator!', custom).handoff).toEqual({ reason: 'requested_person' });
      expect(decideBuiltIn(inMain, 'a REAL person please', custom).handoff).toEqual({
        reason: 'requested_person',
      });
      expect(decideBuiltIn(inMain, 'real good person', custom).handoff).toBeUndefined();
      expect(decideBuiltIn(inMain, 'agent', custom).handoff).toBeUndefined();
    });

    it('keeps the state it was in', () => {
      expect(decideBuiltIn(inPayments, 'human', config).nextState).toEqual(inPayments);
    });

    it('sends nothing before handing over when there is no handoff message', () => {
      expect(decideBuiltIn(inMain, 'human', settings({ handoffMessage: null }))).toMatchObject({
        replies: [],
        handoff: { reason: 'requested_person' },
      });
    });
  });

  describe('menus and topics', () => {
    it('a number picks that topic of the main menu and stays in the main menu', () => {
      expect(decideBuiltIn(inMain, '1', config)).toEqual({
        replies: ['We are open 9 to 5.'],
        nextState: inMain,
      });
    });

    it.each([' 1 ', '1.', '1)'])('reads %p as the number 1', (message) => {
      expect(decideBuiltIn(inMain, message, config).replies).toEqual(['We are open 9 to 5.']);
    });

    it('a topic with its own menu answers, shows its menu and moves the conversation into it', () => {
      expect(decideBuiltIn(inMain, '2', config)).toEqual({
        replies: ['We take cards and transfers.', PAY_MENU],
        nextState: inPayments,
      });
    });

    it('R3: inside a topic, a number picks from that topic’s menu, not the main menu', () => {
      expect(decideBuiltIn(inPayments, '1', config)).toEqual({
        replies: ['Pay by card in the app.'],
        nextState: inPayments,
      });
      expect(decideBuiltIn(inPayments, '2', config).replies).toEqual(['Transfer to 12-3456.']);
    });

    it('R3: inside a topic, its choices are found by keyword too', () => {
      expect(decideBuiltIn(inPayments, 'by bank please', config)).toEqual({
        replies: ['Transfer to 12-3456.'],
        nextState: inPayments,
      });
    });

    it('a keyword of a choice picks it from the main menu too, and moves into its topic', () => {
      expect(decideBuiltIn(inMain, 'card', config)).toEqual({
        replies: ['Pay by card in the app.'],
        nextState: inPayments,
      });
    });

    it('a keyword of a main-menu topic works from inside another topic', () => {
      expect(decideBuiltIn(inPayments, 'what are your hours', config)).toEqual({
        replies: ['We are open 9 to 5.'],
        nextState: inMain,
      });
    });

    it('the current menu’s choices are matched before any other topic', () => {
      const shared = settings({
        topics: [
          { id: 'fees', title: 'Fees', keywords: ['fee'], answer: 'Main-menu fees.' },
          {
            id: 'cards',
            title: 'Cards',
            answer: 'About cards.',
            choices: [{ id: 'card-fee', title: 'Card fees', keywords: ['fee'], answer: 'Card fees.' }],
          },
        ],
      });
      const inCards: BuiltInState = { started: true, topic: 'cards', misunderstandings: 0 };
      expect(decideBuiltIn(inCards, 'fee?', shared).replies).toEqual(['Card fees.']);
      expect(decideBuiltIn(inMain, 'fee?', shared).replies).toEqual(['Main-menu fees.']);
    });

    it.each(['0', 'menu', 'MENU please'])('%p shows the main menu again', (message) => {
      expect(decideBuiltIn(inPayments, message, config)).toEqual({ replies: [MAIN_MENU], nextState: inMain });
    });

    it('anything understood resets the count of misunderstandings', () => {
      const once: BuiltInState = { ...inMain, misunderstandings: 1 };
      expect(decideBuiltIn(once, '1', config).nextState.misunderstandings).toBe(0);
      expect(decideBuiltIn(once, 'menu', config).nextState.misunderstandings).toBe(0);
    });

    it('a topic removed from the configuration since puts the conversation back in the main menu', () => {
      const gone: BuiltInState = { started: true, topic: 'no-longer-there', misunderstandings: 0 };
      expect(decideBuiltIn(gone, '1', config).replies).toEqual(['We are open 9 to 5.']);
    });
  });

  describe('a topic that hands over (topic_handoff)', () => {
    it('sends the topic’s answer and hands over, naming the topic (queue conditions see it)', () => {
      expect(decideBuiltIn(inMain, '3', config)).toEqual({
        replies: ['A specialist will look into it.'],
        nextState: inMain,
        handoff: { reason: 'topic_handoff', topic: 'dispute' },
      });
    });

    it('sends the handoff message when the topic has no answer ("talk to a live agent")', () => {
      expect(decideBuiltIn(inMain, '4', config)).toMatchObject({
        replies: [HANDOFF],
        handoff: { reason: 'topic_handoff', topic: 'live' },
      });
    });

    it('is picked by its keywords too, from the first message on', () => {
      expect(decideBuiltIn(null, 'There is a wrong charge on my bill', config)).toEqual({
        replies: [GREETING, 'A specialist will look into it.'],
        nextState: inMain,
        handoff: { reason: 'topic_handoff', topic: 'dispute' },
      });
    });

    it('a choice inside a topic can hand over', () => {
      expect(decideBuiltIn(inPayments, '3', config)).toEqual({
        replies: [HANDOFF],
        nextState: inPayments,
        handoff: { reason: 'topic_handoff', topic: 'pay-person' },
      });
    });
  });

  describe('not understood (not_understood)', () => {
    it('the first time: says so and shows the current menu again', () => {
      expect(decideBuiltIn(inPayments, 'blah', config)).toEqual({
        replies: [SORRY, PAY_MENU],
        nextState: { ...inPayments, misunderstandings: 1 },
      });
    });

    it('the second time in a row: hands over', () => {
      const once = decideBuiltIn(inMain, 'blah', config);
      expect(once.handoff).toBeUndefined();
      expect(decideBuiltIn(once.nextState, 'still blah', config)).toEqual({
        replies: [HANDOFF],
        nextState: { ...inMain, misunderstandings: 2 },
        handoff: { reason: 'not_understood' },
      });
    });

    it('not twice in a row: no handoff', () => {
      const first = decideBuiltIn(inMain, 'blah', config);
      const understood = decideBuiltIn(first.nextState, '1', config);
      expect(decideBuiltIn(understood.nextState, 'blah', config).handoff).toBeUndefined();
    });

    it.each(['5', '99', '2 please', '', '   '])(
      'counts %p (no such choice, or nothing to read)',
      (message) => {
        expect(decideBuiltIn(inMain, message, config).nextState.misunderstandings).toBe(1);
      },
    );

    it('hands over after the configured number of misunderstandings', () => {
      const patient = settings({ maxMisunderstandings: 3 });
      const twice: BuiltInState = { ...inMain, misunderstandings: 2 };
      expect(decideBuiltIn({ ...inMain, misunderstandings: 1 }, 'x', patient).handoff).toBeUndefined();
      expect(decideBuiltIn(twice, 'x', patient).handoff).toEqual({ reason: 'not_understood' });
    });
  });

  describe('state', () => {
    it('is read back from what was kept, or starts afresh from anything else', () => {
      expect(builtInStateOf(inPayments)).toEqual(inPayments);
      expect(builtInStateOf(null)).toBeNull();
      expect(builtInStateOf({ bot: 'state of another agent' })).toBeNull();
      expect(builtInStateOf({ started: true, topic: null, misunderstandings: -1 })).toBeNull();
    });

    it('is never changed in place, and the same input gives the same decision', () => {
      const state = { ...inPayments };
      const first = decideBuiltIn(state, 'blah', config);
      expect(state).toEqual(inPayments);
      expect(decideBuiltIn(state, 'blah', config)).toEqual(first);
    });

    it('every decision replies or hands over, whatever the message and state', () => {
      const messages = ['', 'hi', '1', '2', '3', '4', '5', '0', 'menu', 'card', 'agent', 'dispute', 'zzz'];
      const states: Array<BuiltInState | null> = [
        null,
        inMain,
        inPayments,
        { ...inMain, misunderstandings: 1 },
        { ...inPayments, misunderstandings: 1 },
      ];
      for (const state of states) {
        for (const message of messages) {
          const decision = decideBuiltIn(state, message, config);
          expect({
            state,
            message,
            answered: decision.replies.length > 0 || decision.handoff !== undefined,
          }).toEqual({ state, message, answered: true });
        }
      }
    });
  });

  it('BuiltInVirtualAgent answers a turn from the state kept on the interaction', async () => {
    const agent = new BuiltInVirtualAgent(config);
    const turn = {
      interactionId: '01970000-0000-7000-8000-000000000010',
      companyAddress: '+15550100002',
      message: { id: '01970000-0000-7000-8000-000000000011', body: '1', occurredAt: '2026-01-01T00:00:00Z' },
    };
    expect((await agent.respond({ ...turn, state: inPayments })).replies).toEqual([
      'Pay by card in the app.',
    ]);
    expect((await agent.respond({ ...turn, state: null })).replies).toEqual([GREETING, MAIN_MENU]);
  });
});
