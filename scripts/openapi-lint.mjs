// `pnpm openapi:lint [base URL...]`: lints the OpenAPI document each running service serves
// (`<base URL>/docs/openapi.json`) with Redocly CLI and the rules in redocly.yaml. Without
// arguments, the six services `npm start` runs. Prints every problem; exits 1 when any
// document has an error or cannot be fetched (warnings pass). `--json` prints, instead, one
// `{ url, errors, warnings }` per URL (what e2e/services.e2e-spec.ts reads).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './runtime.mjs';

const STARTED_BY_NPM_START = [3000, 3001, 3002, 3003, 3004, 3005].map((port) => `http://127.0.0.1:${port}`);
const CLI = join(
  dirname(createRequire(join(ROOT, 'package.json')).resolve('@redocly/cli/package.json')),
  'bin',
  'cli.js',
);

const args = process.argv.slice(2);
const json = args.includes('--json');
const urls = args.filter((arg) => arg !== '--json');
const results = await lintServed(urls.length > 0 ? urls : STARTED_BY_NPM_START);

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  for (const { url, errors, warnings } of results) {
    process.stdout.write(`${url}: errors ${errors.length}, warnings ${warnings.length}\n`);
    for (const problem of errors) process.stdout.write(`  error    ${problem}\n`);
    for (const problem of warnings) process.stdout.write(`  warning  ${problem}\n`);
  }
}
process.exitCode = results.some((result) => result.errors.length > 0) ? 1 : 0;

async function lintServed(baseUrls) {
  const directory = await mkdtemp(join(tmpdir(), 'threadline-openapi-'));
  try {
    const results = [];
    // One at a time: Redocly reports several files as concatenated JSON objects.
    for (const [index, url] of baseUrls.entries()) {
      const documentUrl = `${url.replace(/\/+$/, '')}/docs/openapi.json`;
      const fetched = await fetchText(documentUrl);
      if (fetched.failure) {
        results.push({ url, errors: [fetched.failure], warnings: [] });
        continue;
      }
      const file = join(directory, `document-${index}.json`);
      await writeFile(file, fetched.text);
      const problems = await redoclyLint(file);
      const described = (severity) =>
        problems
          .filter((problem) => problem.severity === severity)
          .map(
            (problem) => `${problem.ruleId} at ${problem.location?.[0]?.pointer ?? '#'}: ${problem.message}`,
          );
      results.push({ url, errors: described('error'), warnings: described('warn') });
    }
    return results;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function fetchText(url) {
  try {
    const response = await fetch(url);
    return response.ok ? { text: await response.text() } : { failure: `${url} answered ${response.status}` };
  } catch (error) {
    return { failure: `${url} could not be fetched: ${error.cause?.message ?? error.message}` };
  }
}

/** Redocly's problems for one file; it exits 1 when there are errors, which is no failure here. */
function redoclyLint(file) {
  const options = {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
  };
  const argv = [
    CLI,
    'lint',
    '--config',
    join(ROOT, 'redocly.yaml'),
    '--format',
    'json',
    '--max-problems',
    '1000',
    file,
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, options, (error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout).problems);
      } catch {
        reject(new Error(`redocly lint gave no report (${error?.message ?? 'exit 0'}):\n${stderr}`));
      }
    });
  });
}
