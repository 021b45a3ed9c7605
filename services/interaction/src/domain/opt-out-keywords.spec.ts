import { classifyKeyword, keywordTextOf } from './opt-out-keywords';

const lists = {
  optOutKeywords: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'],
  optInKeywords: ['START', 'UNSTOP', 'YES'],
  helpKeywords: ['HELP', 'INFO'],
};

describe('S2: opt-out keywords', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'])(
    'S2: %s alone opts out, and names the configured keyword',
    (word) => {
      expect(classifyKeyword(word, lists)).toEqual({ intent: 'opt_out', keyword: word });
    },
  );

  it.each(['START', 'UNSTOP', 'YES'])('S2: %s alone opts back in', (word) => {
    expect(classifyKeyword(word, lists)).toEqual({ intent: 'opt_in', keyword: word });
  });

  it.each(['HELP', 'INFO'])('S2: %s alone asks for help', (word) => {
    expect(classifyKeyword(word, lists)).toEqual({ intent: 'help', keyword: word });
  });

  it.each([
    'stop',
    'Stop',
    'sToP',
    ' STOP ',
    'STOP!',
    ' STOP! ',
    'Stop.',
    '"stop"',
    '...stop...',
    '\tstop\n',
    '¡STOP!',
    'ＳＴＯＰ', // full-width letters, as some phones send them
    'stop 🛑',
  ])('S2: %j is the STOP keyword (any case, surrounding spacing and punctuation)', (body) => {
    expect(classifyKeyword(body, lists)).toEqual({ intent: 'opt_out', keyword: 'STOP' });
  });

  it.each([
    'stop please',
    "don't stop",
    'please stop',
    'stop it',
    'STOP STOP',
    'stops',
    'stopped',
    'nonstop',
    's t o p',
    'st-op',
    'when does the store stop serving',
    'yes please',
    'help me',
    'I need help',
    'starting',
    '',
    '   ',
    '!!!',
  ])('S2: %j is no keyword (a keyword must be alone in the message)', (body) => {
    expect(classifyKeyword(body, lists)).toEqual({ intent: 'none', keyword: null });
  });

  it('S2: only the configured keywords count, so a number can use its own words', () => {
    const own = { optOutKeywords: ['ARRET'], optInKeywords: ['REPRENDRE'], helpKeywords: ['AIDE'] };
    expect(classifyKeyword('arret', own)).toEqual({ intent: 'opt_out', keyword: 'ARRET' });
    expect(classifyKeyword('Reprendre!', own)).toEqual({ intent: 'opt_in', keyword: 'REPRENDRE' });
    expect(classifyKeyword('aide', own)).toEqual({ intent: 'help', keyword: 'AIDE' });
    expect(classifyKeyword('STOP', own)).toEqual({ intent: 'none', keyword: null });
  });

  it('S2: a keyword of several words matches with any spacing between them', () => {
    const own = { ...lists, optOutKeywords: ['stop all'] };
    expect(classifyKeyword('  STOP   ALL! ', own)).toEqual({ intent: 'opt_out', keyword: 'stop all' });
    expect(classifyKeyword('stop', own)).toEqual({ intent: 'none', keyword: null });
  });

  it('S2: a word configured both to opt out and to opt in opts out (never keeps a number subscribed)', () => {
    const clash = { ...lists, optInKeywords: ['STOP'], helpKeywords: ['STOP'] };
    expect(classifyKeyword('stop', clash).intent).toBe('opt_out');
  });

  it('reduces a text to its lower-case core', () => {
    expect(keywordTextOf('  Stop,  All!! ')).toBe('stop, all');
    expect(keywordTextOf('?!')).toBe('');
  });
});
