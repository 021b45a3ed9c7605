// One Node.js line everywhere: the pin in .nvmrc (which scripts/runtime.mjs fetches into .tools/),
// the engines field, the Dockerfile's base image and the process running these tests agree; and a
// script started by whatever Node the machine has runs on the pinned line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readRepoFile, REPO_ROOT, runCommand } from './support';

const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);

const nvmrc = readRepoFile('.nvmrc').trim();
const manifest = JSON.parse(readRepoFile('package.json')) as {
  engines?: { node?: string };
  packageManager?: string;
  devDependencies?: Record<string, string>;
};

function pinnedByRuntimeScript(): { node: string; pnpm: string } {
  const result = runCommand(process.execPath, ['scripts/runtime.mjs', 'pinned']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { node: string; pnpm: string };
}

/** PATH without the project's .tools/ entries: what a fresh shell on this machine finds. */
function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(':')
    .filter((entry) => !entry.startsWith(path.join(REPO_ROOT, '.tools')))
    .join(':');
}

describe('the Node.js runtime', () => {
  it('.nvmrc pins one exact version of an even (LTS) major line', () => {
    expect(nvmrc).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major(nvmrc) % 2).toBe(0);
  });

  it('the bootstrap script fetches the .nvmrc version and the packageManager pnpm', () => {
    const pinned = pinnedByRuntimeScript();
    expect(pinned.node).toBe(nvmrc);
    expect(`pnpm@${pinned.pnpm}`).toBe(manifest.packageManager);
  });

  it('engines, the Dockerfile base image, @types/node and .nvmrc name the same major line', () => {
    expect(manifest.engines?.node).toBe(`${major(nvmrc)}.x`);
    const image = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-/m.exec(readRepoFile('Dockerfile'))?.[1];
    expect(image).toBe(nvmrc);
    expect(major(manifest.devDependencies?.['@types/node'] ?? '')).toBe(major(nvmrc));
  });

  it('these tests themselves run on the pinned line', () => {
    expect(major(process.versions.node)).toBe(major(nvmrc));
  });

  it("a script started by the machine's own node runs on the pinned line", () => {
    const machineNode = runCommand('node', ['--version'], { env: { ...process.env, PATH: machinePath() } });
    expect(machineNode.status).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'threadline-runtime-'));
    try {
      const script = path.join(dir, 'which-node.mjs');
      writeFileSync(
        script,
        `import { runOnPinnedNode } from ${JSON.stringify(path.join(REPO_ROOT, 'scripts', 'runtime.mjs'))};\n` +
          `await runOnPinnedNode();\n` +
          `process.stdout.write(JSON.stringify({ version: process.version, path: process.env.PATH }));\n`,
      );
      const result = runCommand('node', [script], { env: { ...process.env, PATH: machinePath() } });
      expect(result.status).toBe(0);
      const ran = JSON.parse(result.stdout) as { version: string; path: string };
      expect(major(ran.version)).toBe(major(nvmrc));
      if (major(machineNode.stdout.trim()) !== major(nvmrc)) {
        // Off the line: the pinned binary from .tools/ ran it, and its children find it first on PATH.
        expect(ran.version).toBe(`v${nvmrc}`);
        expect(ran.path.split(':')[0]).toBe(path.join(REPO_ROOT, '.tools', 'node', 'node_modules', '.bin'));
      } else {
        // On the line already: used as it is.
        expect(ran.version).toBe(machineNode.stdout.trim());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
