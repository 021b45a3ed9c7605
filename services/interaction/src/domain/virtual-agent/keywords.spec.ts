import { choiceNumberOf, containsKeyword, wordsOf } from './keywords';

describe('keywords', () => {
  it('splits a message into lower-case words, dropping punctuation and spacing', () => {
    expect(wordsOf('AGENT!')).toEqual(['agent']);
    expect(wordsOf('a human, please?')).toEqual(['a', 'human', 'please']);
    expect(wordsOf('  Zahlung   per Überweisung… ')).toEqual(['zahlung', 'per', 'überweisung']);
    expect(wordsOf('?!')).toEqual([]);
  });

  it('matches whole words, and keywords of several words in a row', () => {
    expect(containsKeyword(wordsOf('Agent, please'), 'agent')).toBe(true);
    expect(containsKeyword(wordsOf('agents'), 'agent')).toBe(false);
    expect(containsKeyword(wordsOf('talk to a live agent'), 'Live Agent')).toBe(true);
    expect(containsKeyword(wordsOf('live, then agent'), 'live agent')).toBe(false);
    expect(containsKeyword(wordsOf('anything'), '!!')).toBe(false);
  });

  it('reads a message that is only a number as a menu choice', () => {
    expect(choiceNumberOf('2')).toBe(2);
    expect(choiceNumberOf(' 12. ')).toBe(12);
    expect(choiceNumberOf('3)')).toBe(3);
    expect(choiceNumberOf('2 please')).toBeNull();
    expect(choiceNumberOf('two')).toBeNull();
    expect(choiceNumberOf('')).toBeNull();
  });
});
