// `pnpm fuzz`: the property-based fuzzing of every public endpoint (docs/fuzzing.md) with many
// more runs than CI's and a random seed. `--runs N` (or FUZZ_RUNS, default 200 per property),
// `--seed S` (or FUZZ_SEED, default random) and `--path P` (or FUZZ_PATH, from a failure's
// report) replay a run. Prints the seed first and last; a failing property prints its seed,
// replay path and shrunk counterexample. Needs the servers `npm test` needs.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fail, installDependencies, log, pathWithTools, requireServers, ROOT, run } from './lib.mjs';
import { runOnPinnedNode } from './runtime.mjs';

await runOnPinnedNode();
const { values } = parseArgs({
  options: { runs: { type: 'string' }, seed: { type: 'string' }, path: { type: 'string' } },
});
const runs = values.runs ?? process.env.FUZZ_RUNS ?? '200';
const seed = values.seed ?? process.env.FUZZ_SEED ?? String(randomInt(-(2 ** 31), 2 ** 31));
const path = values.path ?? process.env.FUZZ_PATH ?? '';
if (!/^[1-9]\d*$/.test(runs)) fail(`--runs must be a positive integer, got ${runs}`);
if (!/^-?\d+$/.test(seed)) fail(`--seed must be an integer, got ${seed}`);

installDependencies();
await requireServers();
log('building');
run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']);
log(`fuzzing with seed ${seed}, ${runs} runs per property${path ? `, replaying path ${path}` : ''}`);

const env = pathWithTools({ ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed, FUZZ_PATH: path });
// A long run has no per-test time limit; the properties bound themselves by their run count.
const jest = ['exec', 'jest', '--runInBand', '--testTimeout=86400000'];
const suites = [
  {
    name: 'sms-gateway (integration)',
    args: ['--filter', '@threadline/sms-gateway', ...jest, 'test/fuzz.int-spec.ts'],
    kind: 'int',
  },
  {
    name: 'whole system (end to end)',
    args: ['--filter', '@threadline/e2e', ...jest, '--runTestsByPath', 'fuzz.e2e-spec.ts'],
    kind: 'e2e',
  },
];
const failed = [];
for (const suite of suites) {
  log(`fuzzing ${suite.name}`);
  const result = spawnSync('pnpm', suite.args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...env, JEST_KIND: suite.kind },
  });
  if (result.status !== 0) failed.push(suite.name);
}
if (failed.length > 0) {
  fail(
    `fuzzing failed in ${failed.join(' and ')} (seed ${seed}); replay with \`pnpm fuzz --seed ${seed} --path <path>\` using the path it printed`,
  );
}
log(`fuzzing passed (seed ${seed}, ${runs} runs per property)`);
