import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closingMessageFor, CompanyNumberSettings, greetingFor } from './company-number-settings';

const SUPPORT = '+15550100001';
const BILLING = '+15550100002';
const OTHER = '+15550100003';

function parse(raw: unknown): CompanyNumberSettings {
  const result = CompanyNumberSettings.parse(raw, 'test');
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.settings;
}

function problemsOf(raw: unknown): string[] {
  const result = CompanyNumberSettings.parse(raw, 'test');
  return result.ok ? [] : result.problems;
}

const builtIn = {
  kind: 'builtin',
  greeting: 'Hi',
  topics: [{ id: 'hours', title: 'Hours', answer: '9 to 5' }],
};

describe('company-number settings', () => {
  it('without a file: no greeting, no closing message, reopen window 0, no virtual agent', () => {
    const settings = CompanyNumberSettings.defaults();
    expect(settings.for(SUPPORT)).toEqual({
      greeting: null,
      closingMessage: null,
      reopenWindowSeconds: 0,
      virtualAgent: null,
      optOut: expect.any(Object),
    });
  });

  it('a number takes what its entry leaves out from the default entry; an explicit null overrides it', () => {
    const settings = parse({
      default: { greeting: 'Hello from us', closingMessage: 'Bye', reopenWindowSeconds: 600 },
      numbers: {
        [SUPPORT]: { closingMessage: null },
        [BILLING]: { greeting: 'Billing here', virtualAgent: builtIn },
      },
    });
    expect(settings.for(SUPPORT)).toMatchObject({
      greeting: 'Hello from us',
      closingMessage: null,
      reopenWindowSeconds: 600,
      virtualAgent: null,
    });
    expect(settings.for(BILLING)).toMatchObject({
      greeting: 'Billing here',
      closingMessage: 'Bye',
      virtualAgent: { kind: 'builtin', greeting: 'Hi', maxMisunderstandings: 2 },
    });
    expect(settings.for(OTHER).greeting).toBe('Hello from us');
  });

  it('S1: gives the closing message and the greeting of a number', () => {
    const settings = parse({ numbers: { [SUPPORT]: { greeting: 'Hi', closingMessage: 'Thanks, bye' } } });
    expect(closingMessageFor(settings, SUPPORT)).toBe('Thanks, bye');
    expect(greetingFor(settings, SUPPORT)).toBe('Hi');
    expect(closingMessageFor(settings, OTHER)).toBeNull();
  });

  it('fills in the virtual agent’s defaults: the SPEC’s person keywords and two misunderstandings', () => {
    const agent = parse({ numbers: { [BILLING]: { virtualAgent: builtIn } } }).for(BILLING).virtualAgent;
    expect(agent).toMatchObject({
      personKeywords: ['agent', 'human', 'person', 'representative'],
      maxMisunderstandings: 2,
      menuKeywords: ['menu'],
    });
    const http = parse({
      numbers: { [BILLING]: { virtualAgent: { kind: 'http', url: 'https://bot.example.com/turn' } } },
    }).for(BILLING).virtualAgent;
    expect(http).toMatchObject({ kind: 'http', timeoutMs: 5000, headers: {} });
  });

  it('reads the committed demo file: Billing has the built-in virtual agent, Support has none', () => {
    const file = join(__dirname, '..', '..', 'config', 'demo-company-numbers.json');
    const settings = parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(settings.for(BILLING).virtualAgent?.kind).toBe('builtin');
    expect(settings.for(SUPPORT).virtualAgent).toBeNull();
    expect(settings.for(SUPPORT).greeting).toEqual(expect.any(String));
  });

  it('is frozen, and logs where it came from and which numbers have a virtual agent, not its texts', () => {
    const settings = parse({
      numbers: { [SUPPORT]: { greeting: 'Secret-ish text' }, [BILLING]: { virtualAgent: builtIn } },
    });
    expect(Object.isFrozen(settings.for(BILLING).virtualAgent)).toBe(true);
    expect(JSON.parse(JSON.stringify(settings))).toEqual({
      source: 'test',
      numbers: [SUPPORT, BILLING],
      virtualAgents: [`${BILLING} (builtin)`],
    });
    // What a logger that ignores toJSON sees: its own enumerable fields, no texts or credentials.
    expect({ ...settings }).toEqual({ source: 'test', virtualAgents: [`${BILLING} (builtin)`] });
  });

  describe('refuses a document that is wrong, naming where', () => {
    it.each([
      ['a key that is not an E.164 number', { numbers: { '555-0100': {} } }, /numbers\.555-0100/],
      [
        'a misspelt field',
        { numbers: { [SUPPORT]: { greting: 'Hi' } } },
        /numbers\.\+15550100001: .*greting/,
      ],
      [
        'an empty greeting',
        { numbers: { [SUPPORT]: { greeting: '  ' } } },
        /numbers\.\+15550100001\.greeting/,
      ],
      ['a negative reopen window', { default: { reopenWindowSeconds: -1 } }, /default\.reopenWindowSeconds/],
      [
        'an unknown kind of virtual agent',
        { numbers: { [BILLING]: { virtualAgent: { kind: 'magic' } } } },
        /virtualAgent/,
      ],
      [
        'a built-in virtual agent without topics',
        { numbers: { [BILLING]: { virtualAgent: { ...builtIn, topics: [] } } } },
        /virtualAgent\.topics/,
      ],
      [
        'a topic that does nothing',
        { numbers: { [BILLING]: { virtualAgent: { ...builtIn, topics: [{ id: 'x', title: 'X' }] } } } },
        /virtualAgent\.topics\.0: a topic needs an answer, choices or handoff/,
      ],
      [
        'a topic id used twice',
        {
          numbers: {
            [BILLING]: {
              virtualAgent: {
                ...builtIn,
                topics: [
                  { id: 'x', title: 'X', answer: 'a', choices: [{ id: 'x', title: 'Y', answer: 'b' }] },
                ],
              },
            },
          },
        },
        /topics\.0\.choices\.0\.id: topic id x is used twice/,
      ],
      [
        'a handoff topic with choices',
        {
          numbers: {
            [BILLING]: {
              virtualAgent: {
                ...builtIn,
                topics: [
                  { id: 'x', title: 'X', handoff: true, choices: [{ id: 'y', title: 'Y', answer: 'b' }] },
                ],
              },
            },
          },
        },
        /topics\.0: a handoff topic cannot have choices/,
      ],
      [
        'a keyword without a letter or digit',
        { numbers: { [BILLING]: { virtualAgent: { ...builtIn, personKeywords: ['!!'] } } } },
        /personKeywords\.0/,
      ],
      [
        'a bot URL that is not http(s)',
        { numbers: { [BILLING]: { virtualAgent: { kind: 'http', url: 'ftp://bot.example.com' } } } },
        /virtualAgent\.url/,
      ],
      [
        'a bot timeout over 30 seconds',
        {
          numbers: {
            [BILLING]: { virtualAgent: { kind: 'http', url: 'https://b.example.com', timeoutMs: 60000 } },
          },
        },
        /virtualAgent\.timeoutMs/,
      ],
      [
        'S2: an empty opt-out keyword list',
        { default: { optOut: { optOutKeywords: [] } } },
        /optOutKeywords/,
      ],
      [
        'S2: a help keyword without a letter or digit',
        { numbers: { [BILLING]: { optOut: { helpKeywords: ['?'] } } } },
        /optOut\.helpKeywords\.0/,
      ],
      [
        'S2: an empty help text',
        { numbers: { [BILLING]: { optOut: { helpText: ' ' } } } },
        /optOut\.helpText/,
      ],
      ['S2: an unknown opt-out setting', { default: { optOut: { stopWords: ['x'] } } }, /optOut/],
      ['something that is not an object', [], /\(document\)/],
    ])('%s', (_case, raw, problem) => {
      expect(problemsOf(raw)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    });
  });

  describe('S2: opt-out keywords and texts', () => {
    it('S2: without settings: the SPEC keywords and texts that name the keyword undoing them', () => {
      const { optOut } = CompanyNumberSettings.defaults().for(SUPPORT);
      expect(optOut.optOutKeywords).toEqual(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
      expect(optOut.optInKeywords).toEqual(['START', 'UNSTOP', 'YES']);
      expect(optOut.helpKeywords).toEqual(['HELP', 'INFO']);
      expect(optOut.optOutConfirmation).toBe(
        'You are unsubscribed and will receive no more messages from this number. Reply START to resubscribe.',
      );
      expect(optOut.optInConfirmation).toMatch(/Reply STOP to unsubscribe\.$/);
      expect(optOut.helpText).toMatch(/Reply STOP to unsubscribe\.$/);
    });

    it('S2: the default texts name the company, the number’s own name over the default entry’s', () => {
      const settings = parse({
        default: { companyName: 'Acme' },
        numbers: { [BILLING]: { companyName: 'Acme Billing' }, [SUPPORT]: { companyName: null } },
      });
      expect(settings.for(OTHER).optOut.optOutConfirmation).toBe(
        'Acme: You are unsubscribed and will receive no more messages from Acme. Reply START to resubscribe.',
      );
      expect(settings.for(BILLING).optOut.optInConfirmation).toMatch(/^Acme Billing: /);
      expect(settings.for(SUPPORT).optOut.helpText).not.toMatch(/Acme/);
    });

    it('S2: a number’s opt-out settings go field by field over the default entry’s', () => {
      const settings = parse({
        default: { optOut: { helpText: 'Call 555-0100.', optInKeywords: ['GO'] } },
        numbers: {
          [BILLING]: { optOut: { optOutKeywords: ['ARRET'], optOutConfirmation: 'Bye from billing.' } },
        },
      });
      expect(settings.for(BILLING).optOut).toEqual({
        optOutKeywords: ['ARRET'],
        optInKeywords: ['GO'],
        helpKeywords: ['HELP', 'INFO'],
        optOutConfirmation: 'Bye from billing.',
        optInConfirmation:
          'You are subscribed again to messages from this number. Reply ARRET to unsubscribe.',
        helpText: 'Call 555-0100.',
      });
      expect(settings.for(SUPPORT).optOut.optOutKeywords).toContain('STOP');
      expect(settings.for(SUPPORT).optOut.optOutConfirmation).toMatch(/Reply GO to resubscribe\.$/);
    });
  });
});
