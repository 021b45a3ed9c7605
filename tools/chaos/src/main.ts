#!/usr/bin/env node
// `pnpm chaos`: the whole system on private servers under steady load while faults are injected
// on a schedule drawn from the seed, then every message accounted for (docs/chaos.md).
import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs, UsageError, USAGE } from './args';
import { formatReport } from './report';
import { runChaos } from './run';

async function main(): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let options;
  try {
    options = parseArgs(process.argv.slice(2), () => randomInt(0, 2 ** 32 - 1));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`chaos: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  say(`chaos: seed ${options.seed} (repeat this run with --seed ${options.seed})`);
  const report = await runChaos(options, say);
  say('');
  say(formatReport(report));
  if (options.reportFile) {
    await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    say(`chaos: report written to ${options.reportFile}`);
  }
  return report.verdict.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
