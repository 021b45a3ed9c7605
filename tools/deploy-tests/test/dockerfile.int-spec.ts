// Reads the Dockerfile as text (there is no Docker engine to build it here) and checks its
// structure: stages, base image, how pnpm installs and deploys, and the runtime settings. The
// shell and Node snippets that guard the build and check the running container are run here too,
// against the repository and against throw-away directories and servers.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readRepoFile, REPO_ROOT, runCommand, SEEDED_SERVICES, SERVICE_NAMES, SIMULATOR } from './support';

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions, joining `\` continuations and dropping comments. */
function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comment lines and blank lines are dropped, also inside a continued instruction.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continues = trimmed.endsWith('\\');
    const piece = continues ? trimmed.slice(0, -1) : trimmed;
    pending = pending ? { ...pending, text: `${pending.text} ${piece}` } : { text: piece, line: index + 1 };
    if (!continues) {
      const match = /^(\S+)\s*(.*)$/s.exec(pending.text.trim());
      if (match) {
        instructions.push({
          keyword: (match[1] ?? '').toUpperCase(),
          args: match[2] ?? '',
          line: pending.line,
        });
      }
      pending = undefined;
    }
  });
  return instructions;
}

function parseStages(instructions: Instruction[]): { globalArgs: Instruction[]; stages: Stage[] } {
  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        base: words[0] ?? '',
        name: asIndex >= 0 ? (words[asIndex + 1] ?? '') : String(stages.length),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') globalArgs.push(instruction);
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `ARG NAME=default` / `ARG NAME` → [name, default]. */
function argNameAndDefault(instruction: Instruction): [string, string | undefined] {
  const [name = '', value] = instruction.args.split('=', 2);
  return [name.trim(), value?.trim().replace(/^["']|["']$/g, '')];
}

const dockerfile = readRepoFile('Dockerfile');
const { globalArgs, stages } = parseStages(parseInstructions(dockerfile));
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage named ${name}`);
  return found;
};
const finalStage = (): Stage => stages[stages.length - 1] as Stage;
const runs = (s: Stage): string[] => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const resolveGlobal = (value: string): string =>
  value.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    const arg = globalArgs.map(argNameAndDefault).find(([argName]) => argName === name);
    return arg?.[1] ?? whole;
  });

describe('Dockerfile', () => {
  it('builds in deps, build and production stages, the production stage last', () => {
    const names = stages.map((s) => s.name);
    for (const name of ['deps', 'build', 'production']) expect(names).toContain(name);
    expect(names.indexOf('deps')).toBeLessThan(names.indexOf('build'));
    expect(finalStage().name).toBe('production');
  });

  it('starts every stage from the pinned Node image of .nvmrc, bookworm-slim', () => {
    const pinned = readRepoFile('.nvmrc').trim();
    const stageNames = new Set(stages.map((s) => s.name));
    const externalBases = stages.map((s) => resolveGlobal(s.base)).filter((base) => !stageNames.has(base));
    expect(externalBases.length).toBeGreaterThan(0);
    for (const base of externalBases) {
      // The exact version CI and `npm start` run on (a digest may be appended), never a floating tag.
      expect(base).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
      expect(base.slice('node:'.length).split('-')[0]).toBe(pinned);
    }
    // The production stage starts afresh from Node, not from a stage carrying the dev dependencies.
    expect(stageNames.has(resolveGlobal(finalStage().base))).toBe(false);
  });

  it('installs pnpm with npm at the version pinned in package.json (Node 25+ has no corepack)', () => {
    const packageManager = (JSON.parse(readRepoFile('package.json')) as { packageManager?: string })
      .packageManager;
    expect(packageManager).toMatch(/^pnpm@10\.\d+\.\d+/);
    const all = stages.flatMap((s) => s.instructions);
    expect(all.some((i) => i.keyword === 'RUN' && /\bcorepack\b/.test(i.args))).toBe(false);
    const installAt = all.findIndex((i) => i.keyword === 'RUN' && /\bnpm install --global\b/.test(i.args));
    const manifestAt = all.findIndex((i) => i.keyword === 'COPY' && /(^|\s)package\.json(\s|$)/.test(i.args));
    expect(installAt).toBeGreaterThan(-1);
    // The version is read from package.json, so the manifest must be in the image first.
    expect(manifestAt).toBeGreaterThan(-1);
    expect(manifestAt).toBeLessThan(installAt);
    const install = all[installAt]?.args ?? '';
    const explicit = /pnpm@(\d+\.\d+\.\d+)/.exec(install)?.[1];
    if (explicit) expect(`pnpm@${explicit}`).toBe(packageManager);
    else expect(install).toContain(`require('./package.json').packageManager`);
  });

  it('installs with --frozen-lockfile from the manifests alone, before the sources are copied', () => {
    const deps = stage('deps');
    const installAt = deps.instructions.findIndex(
      (i) => i.keyword === 'RUN' && /\bpnpm install\b/.test(i.args) && /--frozen-lockfile\b/.test(i.args),
    );
    expect(installAt).toBeGreaterThan(-1);
    const copiedBefore = deps.instructions
      .slice(0, installAt)
      .filter((i) => i.keyword === 'COPY')
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1),
      );
    expect(copiedBefore).toEqual(expect.arrayContaining(['pnpm-lock.yaml', 'pnpm-workspace.yaml']));
    for (const source of copiedBefore) {
      expect(source).toMatch(/(^|\/)(package\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc)$/);
    }
    // No stage installs without the lockfile check.
    for (const command of stages.flatMap(runs)) {
      if (/\bpnpm install\b/.test(command)) expect(command).toMatch(/--frozen-lockfile\b/);
    }
  });

  it('builds the chosen SERVICE and its workspace dependencies with turbo, then deploys it with --prod', () => {
    const build = stage('build');
    expect(build.instructions.some((i) => i.keyword === 'ARG' && argNameAndDefault(i)[0] === 'SERVICE')).toBe(
      true,
    );
    const commands = runs(build).join('\n');
    expect(commands).toMatch(/pnpm turbo run build --filter "?@threadline\/\$\{SERVICE\}\.\.\."?/);
    const deploy = runs(build).find((c) => /\bpnpm deploy\b/.test(c)) ?? '';
    expect(deploy).toMatch(/--filter "?@threadline\/\$\{SERVICE\}"?(\s|$)/);
    expect(deploy).toMatch(/--prod\b/);
    // pnpm 10 refuses to deploy a non-injected workspace without --legacy.
    expect(deploy).toMatch(/--legacy\b/);
    expect(finalStage().instructions.some((i) => i.keyword === 'COPY' && /--from=build\b/.test(i.args))).toBe(
      true,
    );
  });

  it('declares in each stage every build argument that the stage uses', () => {
    // An ARG is scoped to the stage that declares it, from the line that declares it: a stage
    // using ${SERVICE} before (or without) its own `ARG SERVICE` silently gets an empty string.
    // ENV set earlier in the stage or in a parent stage also provides a value.
    const declaredBy = (i: Instruction): string[] => {
      if (i.keyword === 'ARG') return [argNameAndDefault(i)[0]];
      if (i.keyword === 'ENV') return [...i.args.matchAll(/(?:^|\s)(\w+)=/g)].map((m) => m[1] ?? '');
      return [];
    };
    const inheritedEnv = (s: Stage): string[] => {
      const parent = stages.find((p) => p.name === s.base);
      if (!parent) return [];
      return [
        ...parent.instructions.filter((i) => i.keyword === 'ENV').flatMap(declaredBy),
        ...inheritedEnv(parent),
      ];
    };
    const buildArgs = new Set(
      stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'ARG').flatMap(declaredBy)),
    );
    const problems: string[] = [];
    for (const s of stages) {
      const available = new Set(inheritedEnv(s));
      for (const instruction of s.instructions) {
        for (const [, name = ''] of instruction.args.matchAll(/\$\{?(\w+)\}?/g)) {
          if (buildArgs.has(name) && !available.has(name)) {
            problems.push(
              `line ${instruction.line} (stage ${s.name}) uses ${name} before ARG ${name} in that stage`,
            );
          }
        }
        for (const name of declaredBy(instruction)) available.add(name);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs the service as the non-root node user with NODE_ENV=production and node dist/main.js', () => {
    const production = finalStage();
    const users = production.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.trim());
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).toMatch(/^(node|1000)(:(node|1000))?$/);
    const env = production.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/(^|\s)NODE_ENV=("?)production\2(\s|$)/);
    expect(production.instructions.some((i) => i.keyword === 'EXPOSE' && i.args.trim() !== '')).toBe(true);
    const cmd = production.instructions.filter((i) => i.keyword === 'CMD').pop();
    expect(JSON.parse(cmd?.args ?? 'null')).toEqual(['node', 'dist/main.js']);
  });

  it('health-checks the running service on /healthz', () => {
    const healthchecks = finalStage().instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const check = healthchecks[0]?.args ?? '';
    expect(check).toMatch(/\bCMD\b/);
    expect(check).toContain('/healthz');
    expect(check).toContain('HTTP_PORT');
  });
});

describe('Dockerfile, building the provider simulator as well as the services', () => {
  const build = (): Stage => stage('build');

  // The build stage's first check: SERVICE must name the package found in PACKAGE_DIR
  // (services/$SERVICE by default). Run here with the same shell, in the repository.
  const guard = (): string => {
    const found = runs(build()).find((c) => c.includes('PACKAGE_DIR') && /\bexit 1\b/.test(c));
    if (!found) throw new Error('the build stage has no RUN that checks SERVICE and PACKAGE_DIR');
    return found;
  };
  const guardExit = (args: Record<string, string>): number | null =>
    runCommand('sh', ['-c', guard()], { env: { PATH: process.env.PATH, ...args } }).status;

  it('declares PACKAGE_DIR in the build stage, before the sources are checked', () => {
    const declared = build().instructions.findIndex(
      (i) => i.keyword === 'ARG' && argNameAndDefault(i)[0] === 'PACKAGE_DIR',
    );
    expect(declared).toBeGreaterThan(-1);
    expect(declared).toBeLessThan(build().instructions.findIndex((i) => i.args === guard()));
  });

  it('accepts each service by SERVICE alone, and the simulator with PACKAGE_DIR', () => {
    for (const name of SERVICE_NAMES) {
      expect({ SERVICE: name, exit: guardExit({ SERVICE: name }) }).toEqual({ SERVICE: name, exit: 0 });
    }
    expect(guardExit({ SERVICE: SIMULATOR.name, PACKAGE_DIR: SIMULATOR.packageDir })).toBe(0);
  });

  it('refuses a missing SERVICE, a directory without it, and a package of another name', () => {
    expect(guardExit({})).not.toBe(0);
    expect(guardExit({ SERVICE: SIMULATOR.name })).not.toBe(0);
    expect(guardExit({ SERVICE: 'profile', PACKAGE_DIR: SIMULATOR.packageDir })).not.toBe(0);
  });

  // The check after `pnpm deploy`, run in /prod: dist/main.js and every `node dist/<file>.js`
  // of the package's scripts exist, and its workspace dependencies resolve.
  const deployCheck = (): string => {
    const deploy = runs(build()).find((c) => /\bpnpm deploy\b/.test(c)) ?? '';
    const snippet = /\bnode -e "([^"]*)"\s*$/.exec(deploy)?.[1];
    if (!snippet) throw new Error('the deploy RUN does not end with a node -e "..." check');
    return snippet;
  };

  /** A fake /prod: the package's real package.json, the given dist files, stub workspace deps. */
  function fakeProd(
    packageDir: string,
    distFiles: readonly string[],
  ): { dir: string; exit: () => number | null; stderr: () => string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-prod-'));
    const manifest = readFileSync(path.join(REPO_ROOT, packageDir, 'package.json'), 'utf8');
    writeFileSync(path.join(dir, 'package.json'), manifest);
    mkdirSync(path.join(dir, 'dist'));
    for (const file of distFiles) writeFileSync(path.join(dir, 'dist', file), '');
    const dependencies =
      (JSON.parse(manifest) as { dependencies?: Record<string, string> }).dependencies ?? {};
    for (const name of Object.keys(dependencies).filter((d) => d.startsWith('@threadline/'))) {
      mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      writeFileSync(
        path.join(dir, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, main: 'index.js' }),
      );
      writeFileSync(path.join(dir, 'node_modules', name, 'index.js'), '');
    }
    let result: ReturnType<typeof runCommand> | undefined;
    const run = (): ReturnType<typeof runCommand> =>
      (result ??= runCommand(process.execPath, ['-e', deployCheck()], { cwd: dir }));
    return { dir, exit: () => run().status, stderr: () => run().stderr };
  }

  it('passes the deploy check its snippet to node unchanged by the shell', () => {
    // Inside "...", sh would expand $ and ` and interpret \; the snippet uses none of them.
    expect(deployCheck()).not.toMatch(/[$`\\]/);
  });

  it('accepts a deployed simulator with only dist/main.js, and a service with all its entry points', () => {
    const cases = [
      fakeProd(SIMULATOR.packageDir, ['main.js']),
      ...SEEDED_SERVICES.map((name) => fakeProd(`services/${name}`, ['main.js', 'migrate.js', 'seed.js'])),
      fakeProd('services/timer', ['main.js', 'migrate.js']),
    ];
    try {
      for (const prod of cases)
        expect({ exit: prod.exit(), stderr: prod.stderr() }).toEqual({ exit: 0, stderr: '' });
    } finally {
      for (const prod of cases) rmSync(prod.dir, { recursive: true, force: true });
    }
  });

  it('catches a deployed service without the seed.js that its `seed` script runs', () => {
    const prod = fakeProd('services/sms-gateway', ['main.js', 'migrate.js']);
    try {
      expect(prod.exit()).not.toBe(0);
      expect(prod.stderr()).toContain('missing from /prod: dist/seed.js');
    } finally {
      rmSync(prod.dir, { recursive: true, force: true });
    }
  });

  describe('the image HEALTHCHECK', () => {
    // A server answering 200 on one path only, as the simulator (/sim/health) or a service (/healthz).
    let server: Server;
    let okPath = '/healthz';
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.writeHead(req.url === okPath ? 200 : 404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    const check = (): string[] => {
      const instruction = finalStage().instructions.find((i) => i.keyword === 'HEALTHCHECK');
      const exec = JSON.parse(instruction?.args.slice(instruction.args.indexOf('[')) ?? 'null') as string[];
      expect(exec[0]).toBe('node');
      return exec.slice(1);
    };
    const runCheck = (env: Record<string, string>): Promise<number> =>
      new Promise((resolve) => {
        const port = String((server.address() as AddressInfo).port);
        execFile(process.execPath, check(), { env: { HTTP_PORT: port, ...env }, timeout: 10_000 }, (error) =>
          resolve(error ? Number(error.code ?? 1) : 0),
        );
      });

    it('requests HEALTHCHECK_PATH, set from a build argument that defaults to /healthz', () => {
      const production = finalStage();
      const arg = production.instructions.find(
        (i) => i.keyword === 'ARG' && argNameAndDefault(i)[0] === 'HEALTHCHECK_PATH',
      );
      expect(arg && argNameAndDefault(arg)[1]).toBe('/healthz');
      const env = production.instructions
        .filter((i) => i.keyword === 'ENV')
        .map((i) => i.args)
        .join(' ');
      expect(env).toMatch(/(^|\s)HEALTHCHECK_PATH=\$\{?HEALTHCHECK_PATH\}?(\s|$)/);
    });

    it("passes on the simulator's /sim/health with HEALTHCHECK_PATH, and fails there without it", async () => {
      okPath = SIMULATOR.healthPath;
      expect(await runCheck({ HEALTHCHECK_PATH: SIMULATOR.healthPath })).toBe(0);
      expect(await runCheck({})).not.toBe(0);
    });

    it("passes on a service's /healthz without HEALTHCHECK_PATH, and fails on a wrong path", async () => {
      okPath = '/healthz';
      expect(await runCheck({})).toBe(0);
      expect(await runCheck({ HEALTHCHECK_PATH: SIMULATOR.healthPath })).not.toBe(0);
    });
  });
});

describe('.dockerignore', () => {
  const patterns = readRepoFile('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it.each(['node_modules', 'dist', '.turbo'])('keeps %s out of the build context at every depth', (name) => {
    expect(patterns).toContain(`**/${name}`);
  });

  it('keeps .git out of the build context', () => {
    expect(patterns).toEqual(expect.arrayContaining([expect.stringMatching(/^(\*\*\/)?\.git\/?$/)]));
  });

  it('does not exclude anything pnpm needs to install the workspace', () => {
    for (const needed of [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      '.npmrc',
      'packages',
      'services',
      'tools',
      SIMULATOR.packageDir,
    ]) {
      expect(patterns).not.toContain(needed);
    }
  });
});
