import { parseArgs, parseDuration, UsageError } from './args';

describe('parseArgs', () => {
  const seed = () => 4242;

  it('defaults to a random seed, ten minutes, 100 SMS/s and no report', () => {
    expect(parseArgs([], seed)).toEqual({ seed: 4242, durationMs: 600_000, rate: 100, reportFile: null });
  });

  it('reads every flag, spaced or with =', () => {
    expect(
      parseArgs(['--seed', '1', '--duration=60s', '--rate', '20', '--report', 'out.json'], seed),
    ).toEqual({
      seed: 1,
      durationMs: 60_000,
      rate: 20,
      reportFile: 'out.json',
    });
  });

  it.each([
    [['--seed', '-1']],
    [['--seed', 'x']],
    [['--rate', '0']],
    [['--rate']],
    [['--duration', '10 minutes']],
    [['--verbose']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseArgs(argv, seed)).toThrow(UsageError);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes and hours, and bare seconds', () => {
    expect([parseDuration('60s'), parseDuration('10m'), parseDuration('1h'), parseDuration('90')]).toEqual([
      60_000, 600_000, 3_600_000, 90_000,
    ]);
  });

  it('refuses zero', () => {
    expect(() => parseDuration('0s')).toThrow(UsageError);
  });
});
