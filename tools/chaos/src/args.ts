/** What `pnpm chaos` was asked to do. */
export interface ChaosOptions {
  seed: number;
  durationMs: number;
  /** Inbound SMS per second. */
  rate: number;
  /** Where the JSON report goes, if anywhere. */
  reportFile: string | null;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE =
  'usage: pnpm chaos [--seed N] [--duration 60s|10m] [--rate SMS_PER_SECOND] [--report file.json]';

/** `90s`, `10m` or `1h` in milliseconds; a bare number is seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--duration must look like 60s, 10m or 1h, got ${JSON.stringify(text)}`);
  const amount = Number(match[1]);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1_000;
  if (amount <= 0) throw new UsageError('--duration must be above zero');
  return amount * unit;
}

/**
 * Reads the command line. Defaults: a random seed (printed, so the run can be repeated), ten
 * minutes, 100 SMS/s, no report file. Anything unknown or malformed is a UsageError.
 */
export function parseArgs(argv: readonly string[], randomSeed: () => number): ChaosOptions {
  const options: ChaosOptions = { seed: randomSeed(), durationMs: 600_000, rate: 100, reportFile: null };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] ?? '';
    const [name, inline] = flag.includes('=') ? flag.split(/=(.*)/s, 2) : [flag, undefined];
    const value = (): string => {
      const found = inline ?? argv[(index += 1)];
      if (found === undefined || found === '') throw new UsageError(`${name} needs a value`);
      return found;
    };
    switch (name) {
      case '--seed': {
        const seed = value();
        if (!/^\d{1,10}$/.test(seed) || Number(seed) > 0xffffffff) {
          throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got ${seed}`);
        }
        options.seed = Number(seed);
        break;
      }
      case '--duration':
        options.durationMs = parseDuration(value());
        break;
      case '--rate': {
        const rate = Number(value());
        if (!Number.isFinite(rate) || rate <= 0 || rate > 2_000) {
          throw new UsageError('--rate must be a number of SMS per second above 0 and at most 2000');
        }
        options.rate = rate;
        break;
      }
      case '--report':
        options.reportFile = value();
        break;
      default:
        throw new UsageError(`unknown argument ${flag}`);
    }
  }
  return options;
}
