import { LEVELS, levelOf } from './log-levels';

describe('levelOf', () => {
  it('reads the labels the services write (the supervisor counted no error before)', () => {
    expect(levelOf('warn')).toBe(LEVELS.warn);
    expect(levelOf('error')).toBe(50);
    expect(levelOf('fatal')).toBe(60);
  });

  it('keeps a numeric level and gives 0 to anything else', () => {
    expect(levelOf(40)).toBe(40);
    expect(levelOf('loud')).toBe(0);
    expect(levelOf(undefined)).toBe(0);
  });
});
