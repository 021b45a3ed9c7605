// `npm test`: install from the lockfile, check the servers, build, then run every test tier
// (unit, integration against the real servers, end to end), and finish with one line that adds
// up what every jest run reported.
//
// The end-to-end suite runs in one process (each spec starts the whole system). It starts at once,
// beside one turbo run of the unit and integration tiers, so the two machine cores are busy from
// the first second to the last; left to turbo, it was scheduled last and ran alone. (A third lane
// was tried: the suites are CPU-bound here, and the end-to-end ones ran 1.5 times slower.) Extra arguments (e.g. `--filter @threadline/routing`) go to one
// turbo run of all three tiers, as before.
import { spawn } from 'node:child_process';
import { installDependencies, log, pathWithTools, requireServers, ROOT, run } from './lib.mjs';
import { runOnPinnedNode } from './runtime.mjs';

await runOnPinnedNode();
installDependencies();
await requireServers({ browser: true });
log('building');
run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']);
log('running unit, integration and end-to-end tests');

const totals = { passed: 0, failed: 0, skipped: 0 };
const extra = process.argv.slice(2);
const runs =
  extra.length > 0
    ? [['turbo', 'run', 'test', 'test:int', 'e2e', '--concurrency=2', ...extra]]
    : [
        ['--filter', '@threadline/e2e', 'run', 'e2e'],
        // --continue: one package's failure must not hide whether the others pass.
        ['turbo', 'run', 'test', 'test:int', '--concurrency=1', '--continue'],
      ];
const codes = await Promise.all(runs.map(runCounting));
process.stdout.write(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
const failed = codes.find((code) => code !== 0);
if (failed !== undefined) process.exit(failed ?? 1);
if (totals.passed === 0) {
  process.stderr.write('threadline: no test ran\n');
  process.exit(1);
}

/** Runs `pnpm <args>`, echoing its output and adding its jest summaries to the totals. */
function runCounting(args) {
  const child = spawn('pnpm', args, {
    cwd: ROOT,
    env: pathWithTools(),
    // jest writes its summaries to stderr when run directly, and turbo passes them on to stdout.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) count(line);
    });
  }
  return new Promise((resolve) => child.on('exit', resolve));
}

function count(line) {
  const summary = /Tests:\s+(.*\d+ total)/.exec(line);
  if (!summary) return;
  for (const [, number, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped)/g))
    totals[kind] += Number(number);
}
