import { show } from './show-value';

describe('show', () => {
  it.each([
    ['quotes a string, so "1" differs from 1', '1', '"1"'],
    ['escapes quotes in a string', 'say "hi"', '"say \\"hi\\""'],
    ['writes a number bare', 1.5, '1.5'],
    ['writes a non-finite number bare', -Infinity, '-Infinity'],
    ['writes true and false bare', false, 'false'],
    ['writes null bare', null, 'null'],
    ['names a list by kind only', [1, 2], 'a list'],
    ['names an object by kind only', { a: 1 }, 'an object'],
    ['says nothing for undefined', undefined, 'nothing'],
    ['names a function by kind', () => 1, 'a function'],
    ['names a bigint by kind', 1n, 'a bigint'],
  ] as const)('%s', (_rule, value, shown) => {
    expect(show(value)).toBe(shown);
  });

  it('does not walk a cyclic object', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('an object');
  });
});
