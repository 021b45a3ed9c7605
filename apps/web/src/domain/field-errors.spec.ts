import { assignFieldErrors, isFieldProblems } from './field-errors';

describe('assignFieldErrors', () => {
  it('puts each problem beside the field its path names, the most specific field first', () => {
    const errors = assignFieldErrors(
      [
        { path: 'name', message: 'too short' },
        { path: 'condition.all[1].value', message: 'not a number' },
        { path: 'schedule', message: 'required' },
        { path: '', message: 'the body is invalid' },
      ],
      ['name', 'condition', 'condition.all[1].value'],
    );
    expect(errors.byField).toEqual({ name: 'too short', 'condition.all[1].value': 'not a number' });
    expect(errors.general).toEqual(['schedule: required', 'the body is invalid']);
  });

  it('keeps the first problem of a field and matches index paths', () => {
    const errors = assignFieldErrors(
      [
        { path: 'members[0]', message: 'unknown agent' },
        { path: 'members[1]', message: 'duplicate' },
      ],
      ['members'],
    );
    expect(errors.byField).toEqual({ members: 'unknown agent' });
    expect(errors.general).toEqual([]);
  });

  it('does not take a field for a prefix of another word', () => {
    expect(assignFieldErrors([{ path: 'nameless', message: 'x' }], ['name']).general).toEqual([
      'nameless: x',
    ]);
  });
});

describe('isFieldProblems', () => {
  it('recognises the API details of a validation error only', () => {
    expect(isFieldProblems([{ path: 'a', message: 'b' }])).toBe(true);
    expect(isFieldProblems([{ path: 'a' }])).toBe(false);
    expect(isFieldProblems({ rule: 'A4' })).toBe(false);
    expect(isFieldProblems(undefined)).toBe(false);
  });
});
