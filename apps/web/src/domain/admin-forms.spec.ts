import { bracketIndexes, optionalWhole, problemsOf, textOfNumber, wholeNumber } from './admin-forms';

describe('problemsOf', () => {
  it('keeps the details of a refusal by path, writing list indexes in brackets', () => {
    expect(
      problemsOf({
        code: 'VALIDATION_FAILED',
        message: 'the queue is invalid',
        fieldProblems: [
          { path: 'schedule.windows.0.from', message: 'must be HH:MM' },
          { path: 'condition.all[1].value', message: 'not a number' },
        ],
      }),
    ).toEqual([
      { path: 'schedule.windows[0].from', message: 'must be HH:MM' },
      { path: 'condition.all[1].value', message: 'not a number' },
    ]);
  });

  it('puts a code that names one field beside it, and any other refusal above the form', () => {
    const taken = { code: 'QUEUE_NAME_TAKEN', message: 'the name is taken', fieldProblems: [] };
    expect(problemsOf(taken, { QUEUE_NAME_TAKEN: 'name' })).toEqual([
      { path: 'name', message: 'the name is taken' },
    ]);
    expect(problemsOf(taken)).toEqual([{ path: '', message: 'the name is taken' }]);
  });
});

describe('bracketIndexes', () => {
  it.each([
    ['name', 'name'],
    ['members.3', 'members[3]'],
    ['a.10.b.2', 'a[10].b[2]'],
    ['condition.all[1].value', 'condition.all[1].value'],
    ['v2.x', 'v2.x'],
  ])('%s → %s', (path, expected) => expect(bracketIndexes(path)).toBe(expected));
});

describe('optional whole numbers', () => {
  const bad = { ok: false, message: 'enter a whole number' };
  it.each([
    ['', { ok: true, value: null }],
    ['  ', { ok: true, value: null }],
    ['60', { ok: true, value: 60 }],
    [' -1 ', { ok: true, value: -1 }],
    ['1.5', bad],
    ['soon', bad],
  ])('%j → %j', (text, parsed) => expect(optionalWhole(text)).toEqual(parsed));

  it('requires a number where blank means nothing', () => {
    expect(wholeNumber('')).toEqual(bad);
    expect(wholeNumber('4')).toEqual({ ok: true, value: 4 });
  });

  it('shows null as blank', () => {
    expect(textOfNumber(null)).toBe('');
    expect(textOfNumber(undefined)).toBe('');
    expect(textOfNumber(0)).toBe('0');
  });
});
