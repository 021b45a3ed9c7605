import fc from 'fast-check';

/** The seed CI runs with, so a red build is the same red build when run again. */
export const CI_FUZZ_SEED = 15;

export interface FuzzSettings {
  /** Runs per property: the CI default, or FUZZ_RUNS for a long run (`pnpm fuzz`). */
  runs: number;
  seed: number;
  /** fast-check's replay path of a failure (FUZZ_PATH), to go straight to its counterexample. */
  path?: string;
  /** Whether this is a long run (`FUZZ_RUNS` set), which prints what it runs. */
  long: boolean;
}

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/**
 * How many runs and which seed a fuzz property uses. CI leaves FUZZ_RUNS and FUZZ_SEED unset:
 * `ciRuns` with the fixed seed. `pnpm fuzz` sets FUZZ_RUNS and a random FUZZ_SEED; giving the
 * seed (and FUZZ_PATH) of a reported failure replays it.
 */
export function fuzzSettings(ciRuns: number, env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const runs = env.FUZZ_RUNS ? positiveInteger('FUZZ_RUNS', env.FUZZ_RUNS) : ciRuns;
  // A seed may be negative (fast-check prints them so), so it is read as any integer.
  const seed = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : CI_FUZZ_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${env.FUZZ_SEED}`);
  return { runs, seed, path: env.FUZZ_PATH || undefined, long: env.FUZZ_RUNS !== undefined };
}

/**
 * Checks an asynchronous property with the run's settings. A failure's message names the
 * property, the seed, the replay path and the shrunk counterexample, and how to replay it.
 */
export async function checkProperty<Ts>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<Ts>,
  ciRuns: number,
): Promise<void> {
  const settings = fuzzSettings(ciRuns);
  if (settings.long) process.stdout.write(`fuzz: ${name}: ${settings.runs} runs, seed ${settings.seed}\n`);
  const details = await fc.check(property, {
    numRuns: settings.runs,
    seed: settings.seed,
    path: settings.path,
    // Requests to real servers are slow; the shrinking budget stays bounded.
    endOnFailure: false,
    maxSkipsPerRun: 10,
  });
  if (!details.failed) return;
  const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`;
  throw new Error(
    `fuzz: ${name} failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}).\n` +
      `Replay with ${replay} (and FUZZ_RUNS set to any number).\n` +
      `Counterexample: ${shortened(fc.stringify(details.counterexample))}\n` +
      `Error: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
  );
}

/** A counterexample may hold a megabyte of text; the message keeps its start and its end. */
function shortened(text: string, keep = 1500): string {
  return text.length <= keep * 2
    ? text
    : `${text.slice(0, keep)} …(${text.length - keep * 2} characters)… ${text.slice(-keep)}`;
}
