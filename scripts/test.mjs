// `npm test`: install from the lockfile, check the servers, build, then run every test tier
// (unit, integration against the real servers, end to end) through turbo, and finish with
// one line that adds up what every jest run reported.
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
const child = spawn(
  'pnpm',
  ['turbo', 'run', 'test', 'test:int', 'e2e', '--concurrency=2', ...process.argv.slice(2)],
  {
    cwd: ROOT,
    env: pathWithTools(),
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const summary = /Tests:\s+(.*\d+ total)/.exec(line);
    if (!summary) continue;
    for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped)/g))
      totals[kind] += Number(count);
  }
});
const code = await new Promise((resolve) => child.on('exit', resolve));
process.stdout.write(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
if (code !== 0) process.exit(code ?? 1);
if (totals.passed === 0) {
  process.stderr.write('threadline: no test ran\n');
  process.exit(1);
}
