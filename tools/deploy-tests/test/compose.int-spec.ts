// Checks docker-compose.yml in two ways:
//  - the Compose CLI validates it against the Compose specification (`config -q` needs no
//    engine). The CLI is `docker compose` (v2 plugin) if present, otherwise the standalone
//    `docker-compose`; without either these tests fail and name the package to install.
//  - the file itself is parsed to check what the project relies on (builds, ports, health,
//    start order, the shared environment).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isAlias, isMap, isScalar, parse, parseDocument } from 'yaml';
import {
  connectionBudget,
  defaultPoolSizeOf,
  POSTGRES_DEFAULT_LIMITS,
  serviceUrlVariable,
} from '@threadline/platform';
import {
  durationMs,
  INBOUND_SMS_WEBHOOK_PATH,
  readRepoFile,
  REPO_ROOT,
  runCommand,
  SECRET_KEYS,
  SEEDED_SERVICES,
  SERVICE_SETTINGS,
  SERVICES,
  SHARED_SETTINGS,
  SHUTDOWN_GRACE_MS,
  SIMULATOR,
} from './support';

const INSTALL_HINT = 'apt-get install -y docker-compose';
const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
const DEFAULT_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/threadline';
const SERVERS = { nats: 4222, postgres: 5432, redis: 6379 } as const;

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  stop_grace_period?: string;
  profiles?: string[];
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

let composeCli: string[] | undefined;

/** The Compose CLI to run, as [program, ...leading args]. */
function findComposeCli(): string[] {
  if (composeCli) return composeCli;
  const candidates = [['docker', 'compose'], ['docker-compose']];
  for (const candidate of candidates) {
    const [program = '', ...rest] = candidate;
    const result = runCommand(program, [...rest, 'version']);
    if (!result.spawnError && result.status === 0) {
      composeCli = candidate;
      return candidate;
    }
  }
  throw new Error(
    'No Compose CLI found: neither `docker compose` nor `docker-compose` runs on this machine. ' +
      `Install Debian's standalone one with: ${INSTALL_HINT}`,
  );
}

/** Runs `<compose> -f <file> <args>` in an environment free of the caller's variables and .env. */
function compose(file: string, args: readonly string[]): ReturnType<typeof runCommand> {
  const [program = '', ...leading] = findComposeCli();
  const scratch = mkdtempSync(path.join(tmpdir(), 'compose-env-'));
  try {
    const emptyEnvFile = path.join(scratch, 'empty.env');
    writeFileSync(emptyEnvFile, '');
    return runCommand(program, [...leading, '--env-file', emptyEnvFile, '-f', file, ...args], {
      cwd: path.dirname(file),
      // Only what finds the CLI and its plugins: no COMPOSE_* settings or values to interpolate.
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** "127.0.0.1:3000:3000", "3000:3000/tcp" → host and container port. */
function parsePort(spec: string): { host: number; container: number } {
  const parts = spec.replace(/\/(tcp|udp)$/, '').split(':');
  return { host: Number(parts[parts.length - 2]), container: Number(parts[parts.length - 1]) };
}

function dependencies(service: ComposeService): Record<string, string | undefined> {
  const dependsOn = service.depends_on ?? {};
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((name) => [name, undefined]))
    : Object.fromEntries(Object.entries(dependsOn).map(([name, d]) => [name, d.condition]));
}

function commandWords(command: string[] | string | undefined): string[] {
  return Array.isArray(command) ? command : (command ?? '').split(/\s+/).filter(Boolean);
}

const DEMO_PROFILE = 'demo';
const DEMO_SEED = 'demo-seed';
const seedServiceOf = (service: string): string => `${DEMO_SEED}-${service}`;

/**
 * The file as the Compose CLI resolves it: merge keys, anchors and ${...} interpolated. With the
 * demo profile on, since Compose v2 leaves the services of inactive profiles out of `config`.
 */
let rendered: ComposeFile | undefined;
function renderedCompose(): ComposeFile {
  if (rendered) return rendered;
  const result = compose(COMPOSE_FILE, ['--profile', DEMO_PROFILE, 'config']);
  if (result.status !== 0)
    throw new Error(`compose config exited ${String(result.status)}:\n${result.stderr}`);
  rendered = parse(result.stdout) as ComposeFile;
  return rendered;
}

/** Deep equality that ignores key order. */
function sameValue(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'object' && inner !== null && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => x.localeCompare(y)))
        : inner,
    );
  return canonical(a) === canonical(b);
}

/** sms-gateway and the provider simulator must reach each other and agree on the account. */
function simulatorWiringProblems(file: ComposeFile, dockerfile: string): string[] {
  const simulator = file.services[SIMULATOR.name];
  const gateway = file.services['sms-gateway'];
  if (!simulator || !gateway) return [`no ${simulator ? 'sms-gateway' : SIMULATOR.name} service`];
  const problems: string[] = [];
  const sim = simulator.environment ?? {};
  const gw = gateway.environment ?? {};

  // Built from the one Dockerfile, from the simulator's own directory.
  const args = simulator.build?.args ?? {};
  if (args.SERVICE !== SIMULATOR.name || args.PACKAGE_DIR !== SIMULATOR.packageDir) {
    problems.push(
      `${SIMULATOR.name}: build args SERVICE=${args.SERVICE} PACKAGE_DIR=${args.PACKAGE_DIR}, ` +
        `expected ${SIMULATOR.name} and ${SIMULATOR.packageDir}`,
    );
  }
  for (const arg of Object.keys(args)) {
    if (!new RegExp(`^ARG ${arg}(=|\\s|$)`, 'm').test(dockerfile)) {
      problems.push(`${SIMULATOR.name}: build arg ${arg} is not declared in the Dockerfile`);
    }
  }
  const port = Number(sim.SIM_HTTP_PORT ?? SIMULATOR.port);
  // The image's own HEALTHCHECK requests HTTP_PORT and HEALTHCHECK_PATH.
  if (String(args.HTTP_PORT) !== String(port) || args.HEALTHCHECK_PATH !== SIMULATOR.healthPath) {
    problems.push(
      `${SIMULATOR.name}: image health check at :${args.HTTP_PORT}${args.HEALTHCHECK_PATH}, ` +
        `expected :${port}${SIMULATOR.healthPath}`,
    );
  }
  if (!commandWords(simulator.healthcheck?.test).join(' ').includes(SIMULATOR.healthPath)) {
    problems.push(`${SIMULATOR.name}: health check does not request ${SIMULATOR.healthPath}`);
  }

  // Reachable from sms-gateway (its default host 127.0.0.1 is the container itself) and from
  // the developer's machine, for the /sim API.
  if (sim.SIM_HTTP_HOST !== '0.0.0.0') {
    problems.push(`${SIMULATOR.name}: SIM_HTTP_HOST is ${sim.SIM_HTTP_HOST}, must be 0.0.0.0 in a container`);
  }
  if (!(simulator.ports ?? []).map(parsePort).some((p) => p.container === port && p.host === port)) {
    problems.push(`${SIMULATOR.name}: port ${port} is not published`);
  }
  if (gw.TWILIO_API_BASE_URL !== `http://${SIMULATOR.name}:${port}`) {
    problems.push(`sms-gateway: TWILIO_API_BASE_URL is ${gw.TWILIO_API_BASE_URL}, not the simulator`);
  }

  // The simulator signs the inbound webhook URL; the gateway checks the signature against
  // SMS_PUBLIC_BASE_URL + the path, so both must be the same URL, by the gateway's service name.
  const publicBase = gw.SMS_PUBLIC_BASE_URL ?? '';
  let publicUrl: URL | undefined;
  try {
    publicUrl = new URL(publicBase);
  } catch {
    problems.push(`sms-gateway: SMS_PUBLIC_BASE_URL is not a URL: ${publicBase}`);
  }
  if (publicUrl && (publicUrl.hostname !== 'sms-gateway' || publicUrl.port !== String(gw.HTTP_PORT))) {
    problems.push(`sms-gateway: SMS_PUBLIC_BASE_URL ${publicBase} is not sms-gateway:${gw.HTTP_PORT}`);
  }
  const webhook = `${publicBase.replace(/\/+$/, '')}${INBOUND_SMS_WEBHOOK_PATH}`;
  if (sim.SIM_INBOUND_WEBHOOK_URL !== webhook) {
    problems.push(
      `${SIMULATOR.name}: SIM_INBOUND_WEBHOOK_URL is ${sim.SIM_INBOUND_WEBHOOK_URL}, expected ${webhook}`,
    );
  }

  // One account on both sides: the gateway's API calls and the simulator's signatures use it.
  // (The simulator takes lower-case hex only; the gateway takes either.)
  if (
    !/^AC[0-9a-f]{32}$/.test(gw.TWILIO_ACCOUNT_SID ?? '') ||
    sim.SIM_ACCOUNT_SID !== gw.TWILIO_ACCOUNT_SID
  ) {
    problems.push(
      `the account SIDs differ or are invalid: gateway ${gw.TWILIO_ACCOUNT_SID}, simulator ${sim.SIM_ACCOUNT_SID}`,
    );
  }
  if (!gw.TWILIO_AUTH_TOKEN || sim.SIM_AUTH_TOKEN !== gw.TWILIO_AUTH_TOKEN) {
    problems.push('the auth tokens of sms-gateway and the simulator differ');
  }
  return problems;
}

/**
 * The demo data is written only when the demo profile is asked for: one-shot containers that
 * run a service's `seed` from that service's image and environment, and demo-seed after them.
 * Everything else runs on a plain `docker compose up`.
 */
function demoProfileProblems(file: ComposeFile): string[] {
  const problems: string[] = [];
  const demoServices = [DEMO_SEED, ...SEEDED_SERVICES.map(seedServiceOf)];
  for (const name of demoServices) {
    if (!file.services[name]) problems.push(`no ${name} service`);
  }
  for (const [name, definition] of Object.entries(file.services)) {
    const profiles = definition.profiles ?? [];
    if (!demoServices.includes(name)) {
      if (profiles.length > 0)
        problems.push(`${name}: in profiles ${profiles.join(', ')}, not on a plain up`);
      continue;
    }
    if (!sameValue(profiles, [DEMO_PROFILE])) {
      problems.push(`${name}: profiles [${profiles.join(', ')}] instead of [${DEMO_PROFILE}]`);
    }
    if (String(definition.restart ?? 'no') !== 'no') {
      problems.push(`${name}: restart ${definition.restart}; a one-shot container must not restart`);
    }
  }
  for (const service of SEEDED_SERVICES) {
    const name = seedServiceOf(service);
    const seed = file.services[name];
    const server = file.services[service];
    if (!seed || !server) continue;
    if (commandWords(seed.command).join(' ') !== 'node dist/seed.js') {
      problems.push(`${name}: runs ${commandWords(seed.command).join(' ')}, not node dist/seed.js`);
    }
    // The same image, built the same way (so it is never pulled), with the same settings.
    if (seed.image !== server.image || !sameValue(seed.build, server.build)) {
      problems.push(`${name}: not built as ${service}'s image`);
    }
    if (!sameValue(seed.environment, server.environment)) {
      problems.push(`${name}: environment differs from ${service}'s`);
    }
    if (dependencies(seed)[service] !== 'service_healthy') {
      problems.push(`${name}: does not wait for ${service} to be healthy`);
    }
  }
  const all = file.services[DEMO_SEED];
  for (const service of SEEDED_SERVICES) {
    if (all && dependencies(all)[seedServiceOf(service)] !== 'service_completed_successfully') {
      problems.push(`${DEMO_SEED}: does not wait for ${seedServiceOf(service)} to complete successfully`);
    }
  }
  return problems;
}

/** Restart policies under which a container that exits on its own is started again. */
const RESTARTING_POLICIES = ['always', 'unless-stopped', 'on-failure'];

/**
 * Every long-running container (the servers, the six services, the simulator) comes back when it
 * dies, as `npm start` restarts its processes: Compose's default, `no`, would leave it down. The
 * demo profile's one-shot containers are demoProfileProblems' business.
 */
function restartPolicyProblems(file: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, definition] of Object.entries(file.services)) {
    if ((definition.profiles ?? []).includes(DEMO_PROFILE)) continue;
    const policy = String(definition.restart ?? 'no');
    // on-failure may carry a retry limit (on-failure:5), after which the container stays down.
    if (!RESTARTING_POLICIES.includes(policy)) {
      problems.push(`${name}: restart ${policy}; it would not come back every time it dies`);
    }
  }
  return problems;
}

const text = readRepoFile('docker-compose.yml');
// Compose files use YAML merge keys (`<<: *anchor`), which YAML 1.2 leaves off by default.
const resolved = parse(text, { merge: true }) as ComposeFile;
const service = (name: string): ComposeService => {
  const found = resolved.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

describe('docker-compose.yml, as the Compose CLI reads it', () => {
  it('is a valid Compose-specification file, without the obsolete version key', () => {
    expect(Object.keys(resolved)).not.toContain('version');
    const result = compose(COMPOSE_FILE, ['config', '-q']);
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('is checked for real: the same CLI rejects a file that breaks the specification', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'compose-broken-'));
    try {
      const broken = path.join(scratch, 'docker-compose.yml');
      writeFileSync(
        broken,
        'services:\n  app:\n    image: busybox\n    healthchek:\n      test: ["CMD", "true"]\n',
      );
      const result = compose(broken, ['config', '-q']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('healthchek');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('gives every service the shared environment once Compose has resolved the merge keys', () => {
    const result = compose(COMPOSE_FILE, ['config']);
    expect(result.status).toBe(0);
    const seen = parse(result.stdout) as ComposeFile;
    for (const { name, port } of SERVICES) {
      const environment = seen.services[name]?.environment ?? {};
      for (const key of [...SHARED_SETTINGS, 'DATABASE_URL']) expect(Object.keys(environment)).toContain(key);
      expect(String(environment.HTTP_PORT)).toBe(String(port));
    }
  });
});

describe('docker-compose.yml', () => {
  it('builds each of the six services from the one Dockerfile with its SERVICE and HTTP_PORT', () => {
    const dockerfile = readRepoFile('Dockerfile');
    for (const { name, port } of SERVICES) {
      const build = service(name).build;
      expect(path.resolve(REPO_ROOT, build?.context ?? '')).toBe(REPO_ROOT);
      expect(build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(build?.args).toEqual({ SERVICE: name, HTTP_PORT: String(port) });
      // Every argument passed must be one the Dockerfile declares.
      for (const arg of Object.keys(build?.args ?? {})) {
        expect(dockerfile).toMatch(new RegExp(`^ARG ${arg}(=|\\s|$)`, 'm'));
      }
    }
  });

  it('publishes every service on its own port, on the same port inside the container', () => {
    for (const { name, port } of SERVICES) {
      expect((service(name).ports ?? []).map(parsePort)).toEqual([{ host: port, container: port }]);
    }
  });

  it('starts every service only once nats, postgres and redis report healthy and the database roles exist', () => {
    for (const { name } of SERVICES) {
      expect(dependencies(service(name))).toEqual({
        nats: 'service_healthy',
        postgres: 'service_healthy',
        redis: 'service_healthy',
        'db-roles': 'service_completed_successfully',
      });
    }
  });

  it("creates each service's role with the very login the service uses, and the migration role (decision 46)", () => {
    const roles = service('db-roles');
    expect(roles.command).toEqual(['node', 'node_modules/@threadline/platform/dist/bin/setup-roles.js']);
    // A one-shot: started again only if it fails, like every container that must come back.
    expect(roles.restart).toBe('on-failure');
    expect(dependencies(roles)).toEqual({ postgres: 'service_healthy' });
    const rolesEnvironment = roles.environment ?? {};
    const server = service('postgres').environment ?? {};
    expect(new URL(rolesEnvironment.DATABASE_ADMIN_URL ?? '').username).toBe(
      server.POSTGRES_USER ?? 'postgres',
    );
    const users = new Set<string>();
    for (const { name } of SERVICES) {
      const environment = service(name).environment ?? {};
      expect(rolesEnvironment[serviceUrlVariable(name)]).toBe(environment.DATABASE_URL);
      expect(environment.DATABASE_MIGRATION_URL).toBe(rolesEnvironment.DATABASE_MIGRATION_URL);
      users.add(new URL(environment.DATABASE_URL ?? '').username);
    }
    expect(users.size).toBe(SERVICES.length);
    expect(users).not.toContain(new URL(rolesEnvironment.DATABASE_MIGRATION_URL ?? '').username);
    expect(users).not.toContain(server.POSTGRES_USER ?? 'postgres');
  });

  it("fits two replicas of every service, with their pools, into Postgres's default 100 connections", () => {
    const deployment = SERVICES.map(({ name }) => {
      const environment = service(name).environment ?? {};
      return {
        service: name,
        replicas: 2,
        poolSize: Number(environment.DATABASE_POOL_SIZE ?? defaultPoolSizeOf(name)),
        migratesOnStart: environment.MIGRATE_ON_START !== 'false',
      };
    });
    expect(connectionBudget(deployment, POSTGRES_DEFAULT_LIMITS).fits).toBe(true);
  });

  it('health-checks every service on /healthz and lets it shut down gracefully before SIGKILL', () => {
    for (const { name } of SERVICES) {
      const { healthcheck, stop_grace_period: grace, environment } = service(name);
      expect(healthcheck?.disable).not.toBe(true);
      expect(commandWords(healthcheck?.test).join(' ')).toContain('/healthz');
      const shutdownMs = Number(environment?.SHUTDOWN_GRACE_MS ?? SHUTDOWN_GRACE_MS);
      expect(durationMs(grace ?? '10s')).toBeGreaterThan(shutdownMs);
    }
  });

  it('restarts every long-running container that dies, as npm start restarts its processes', () => {
    for (const name of [...Object.keys(SERVERS), ...SERVICES.map((s) => s.name), SIMULATOR.name]) {
      expect(Object.keys(resolved.services)).toContain(name);
    }
    expect(restartPolicyProblems(resolved)).toEqual([]);
  });

  it('the restart check flags a container left on the default policy or one with a retry limit', () => {
    const copy = structuredClone(resolved);
    delete copy.services.interaction?.restart;
    const redis = copy.services.redis;
    if (redis) redis.restart = 'on-failure:3';
    expect(restartPolicyProblems(copy).sort()).toEqual([
      'interaction: restart no; it would not come back every time it dies',
      'redis: restart on-failure:3; it would not come back every time it dies',
    ]);
  });

  it('shares one x-service-env block among the six services instead of repeating it', () => {
    const document = parseDocument(text);
    const shared = document.get('x-service-env', true);
    expect(isMap(shared)).toBe(true);
    const anchor = isMap(shared) ? shared.anchor : undefined;
    expect(anchor).toEqual(expect.any(String));
    const sharedKeys = isMap(shared)
      ? shared.items.map((pair) => (isScalar(pair.key) ? pair.key.value : undefined))
      : [];
    for (const key of SHARED_SETTINGS) expect(sharedKeys).toContain(key);

    for (const { name } of SERVICES) {
      const allowedOwnKeys = ['<<', 'HTTP_PORT', ...SECRET_KEYS, ...(SERVICE_SETTINGS[name] ?? [])];
      const environment = document.getIn(['services', name, 'environment'], true);
      expect(isMap(environment)).toBe(true);
      if (!isMap(environment)) continue;
      const merge = environment.items.find((pair) => isScalar(pair.key) && pair.key.value === '<<');
      expect({ service: name, mergesFrom: isAlias(merge?.value) ? merge.value.source : undefined }).toEqual({
        service: name,
        mergesFrom: anchor,
      });
      // Only what differs per service is written out in the service itself.
      for (const pair of environment.items) {
        expect(allowedOwnKeys).toContain(isScalar(pair.key) ? pair.key.value : pair.key);
      }
    }
  });

  it("points interaction at a company-number settings file that its image holds (the package's own directory)", () => {
    const file = service('interaction').environment?.INTERACTION_COMPANY_NUMBERS_FILE ?? '';
    // The image runs in /app, the package deployed as it is: a relative path is one inside it.
    expect(path.isAbsolute(file)).toBe(false);
    expect(existsSync(path.join(REPO_ROOT, 'services', 'interaction', file))).toBe(true);
  });

  it('sets the development values of the shared settings', () => {
    for (const { name } of SERVICES) {
      const environment = service(name).environment ?? {};
      expect(environment).toMatchObject({
        NATS_URL: 'nats://nats:4222',
        NATS_STREAM_REPLICAS: '1',
        MIGRATE_ON_START: 'true',
        NATS_NAMESPACE: '',
      });
      // The services reach the compose Postgres by its service name, each as its own role
      // (created by db-roles, checked above), with a password.
      const database = new URL(environment.DATABASE_URL ?? '');
      expect(`${database.hostname}:${database.port || '5432'}${database.pathname}`).toBe(
        'postgres:5432/threadline',
      );
      expect(database.username).toBe(`threadline_${name.replace(/-/g, '_')}`);
      expect(database.password).not.toBe('');
      expect(environment.REDIS_URL).toBe('redis://redis:6379');
    }
  });
});

describe('docker-compose.yml provider simulator (`docker compose up`)', () => {
  const dockerfile = readRepoFile('Dockerfile');

  it('builds the simulator from tools/provider-simulator and wires it both ways to sms-gateway', () => {
    expect(simulatorWiringProblems(renderedCompose(), dockerfile)).toEqual([]);
    const manifest = JSON.parse(readRepoFile(`${SIMULATOR.packageDir}/package.json`)) as {
      name?: string;
      scripts?: Record<string, string>;
    };
    expect(manifest.name).toBe(`@threadline/${SIMULATOR.name}`);
    expect(manifest.scripts?.start).toBe('node dist/main.js');
  });

  it('runs the simulator alone: it needs none of the servers', () => {
    expect(dependencies(service(SIMULATOR.name))).toEqual({});
  });

  describe('the wiring check', () => {
    const broken = (mutate: (file: ComposeFile) => void): string[] => {
      const copy = structuredClone(renderedCompose());
      mutate(copy);
      return simulatorWiringProblems(copy, dockerfile);
    };
    const env = (file: ComposeFile, name: string): Record<string, string> => {
      const found = file.services[name];
      if (!found) throw new Error(`no service ${name}`);
      found.environment ??= {};
      return found.environment;
    };

    it('flags an auth token the two sides do not share', () => {
      expect(
        broken((file) => {
          env(file, SIMULATOR.name).SIM_AUTH_TOKEN = 'another-token';
        }),
      ).toEqual(['the auth tokens of sms-gateway and the simulator differ']);
    });

    it("flags the simulator's default webhook URL, which in a container is the simulator itself", () => {
      expect(
        broken((file) => {
          delete env(file, SIMULATOR.name).SIM_INBOUND_WEBHOOK_URL;
        }),
      ).toEqual([
        expect.stringMatching(/SIM_INBOUND_WEBHOOK_URL is undefined, expected http:\/\/sms-gateway:3001\//),
      ]);
    });

    it('flags a gateway left on its default provider URL and a simulator on its default host', () => {
      expect(
        broken((file) => {
          delete env(file, 'sms-gateway').TWILIO_API_BASE_URL;
          delete env(file, SIMULATOR.name).SIM_HTTP_HOST;
        }),
      ).toHaveLength(2);
    });

    it('flags a public base URL the simulator does not call', () => {
      expect(
        broken((file) => {
          env(file, 'sms-gateway').SMS_PUBLIC_BASE_URL = 'http://127.0.0.1:3001';
        }),
      ).toHaveLength(2);
    });

    it('flags a build argument the Dockerfile does not declare', () => {
      expect(
        broken((file) => {
          const build = file.services[SIMULATOR.name]?.build;
          if (build?.args) build.args.TARGET_DIR = SIMULATOR.packageDir;
        }),
      ).toEqual([`${SIMULATOR.name}: build arg TARGET_DIR is not declared in the Dockerfile`]);
    });
  });
});

describe('docker-compose.yml demo profile (`docker compose --profile demo up`)', () => {
  it('is valid with the demo profile enabled', () => {
    const result = compose(COMPOSE_FILE, ['--profile', DEMO_PROFILE, 'config', '-q']);
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('seeds agent-gateway, sms-gateway and profile in one-shot containers of the demo profile only', () => {
    expect(demoProfileProblems(renderedCompose())).toEqual([]);
  });

  it('runs a seed command that each of those services has', () => {
    for (const name of SEEDED_SERVICES) {
      const manifest = JSON.parse(readRepoFile(`services/${name}/package.json`)) as {
        scripts?: Record<string, string>;
      };
      expect({ service: name, seed: manifest.scripts?.seed }).toEqual({
        service: name,
        seed: 'node dist/seed.js',
      });
      expect(existsSync(path.join(REPO_ROOT, 'services', name, 'src', 'seed.ts'))).toBe(true);
    }
  });

  describe('the demo profile check', () => {
    const broken = (mutate: (services: ComposeFile['services']) => void): string[] => {
      const copy = structuredClone(renderedCompose());
      mutate(copy.services);
      return demoProfileProblems(copy);
    };

    it('flags a seed that would run on a plain up, or restart after it finished', () => {
      expect(
        broken((services) => {
          delete services[seedServiceOf('profile')]?.profiles;
          const seed = services[seedServiceOf('sms-gateway')];
          if (seed) seed.restart = 'unless-stopped';
        }).sort(),
      ).toEqual([
        `${seedServiceOf('profile')}: profiles [] instead of [demo]`,
        `${seedServiceOf('sms-gateway')}: restart unless-stopped; a one-shot container must not restart`,
      ]);
    });

    it('flags the simulator moved into the demo profile: sms-gateway would lose its provider', () => {
      expect(
        broken((services) => {
          const simulator = services[SIMULATOR.name];
          if (simulator) simulator.profiles = [DEMO_PROFILE];
        }),
      ).toEqual([`${SIMULATOR.name}: in profiles demo, not on a plain up`]);
    });

    it('flags a seed whose settings differ from its service and a demo-seed that does not wait for it', () => {
      expect(
        broken((services) => {
          const seed = services[seedServiceOf('agent-gateway')];
          if (seed?.environment) delete seed.environment.AUTH_JWT_SECRET;
          const all = services[DEMO_SEED];
          if (all && !Array.isArray(all.depends_on)) {
            all.depends_on = {
              ...all.depends_on,
              [seedServiceOf('agent-gateway')]: { condition: 'service_started' },
            };
          }
        }),
      ).toEqual([
        `${seedServiceOf('agent-gateway')}: environment differs from agent-gateway's`,
        `${DEMO_SEED}: does not wait for ${seedServiceOf('agent-gateway')} to complete successfully`,
      ]);
    });
  });
});

describe('docker-compose.yml servers (`docker compose up -d nats postgres redis`)', () => {
  it.each(Object.entries(SERVERS))(
    '%s runs on its own from a versioned image, publishes port %d and has a health check',
    (name, port) => {
      const server = service(name);
      expect(server.build).toBeUndefined();
      expect(server.image).toMatch(/^[a-z0-9./-]+:[\w.-]+$/);
      expect(server.image).not.toMatch(/:latest$/);
      expect(dependencies(server)).toEqual({});
      expect((server.ports ?? []).map(parsePort)).toContainEqual({ host: port, container: port });
      expect(commandWords(server.healthcheck?.test).length).toBeGreaterThan(1);
      expect(server.healthcheck?.disable).not.toBe(true);
    },
  );

  it('runs NATS with JetStream storing its data on a named volume', () => {
    const nats = service('nats');
    const words = commandWords(nats.command);
    expect(words).toContain('-js');
    const flag = words.findIndex((w) => w === '-sd' || w === '--store_dir');
    expect(flag).toBeGreaterThan(-1);
    const storeDir = words[flag + 1];
    expect(storeDir).toEqual(expect.stringMatching(/^\//));
    const volumeNames = Object.keys(resolved.volumes ?? {});
    expect(nats.volumes ?? []).toContainEqual(
      expect.stringMatching(new RegExp(`^(${volumeNames.join('|')}):${storeDir}$`)),
    );
  });

  it('accepts the default DATABASE_URL (postgres:postgres@127.0.0.1:5432/threadline) against Postgres 16', () => {
    const postgres = service('postgres');
    expect(postgres.image).toMatch(/^postgres:16([.-]|$)/);
    expect(commandWords(postgres.healthcheck?.test)).toContain('pg_isready');
    const url = new URL(DEFAULT_DATABASE_URL);
    const environment = postgres.environment ?? {};
    expect(environment.POSTGRES_DB).toBe(url.pathname.slice(1));
    expect(environment.POSTGRES_USER ?? 'postgres').toBe(url.username);
    if (environment.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
      expect(environment.POSTGRES_PASSWORD).toBe(url.password);
    }
    expect(postgres.volumes ?? []).toContainEqual(expect.stringMatching(/:\/var\/lib\/postgresql\/data$/));
    // Published where the default URL looks for it: on the loopback interface or on all of them.
    const published = (postgres.ports ?? []).find((p) => parsePort(p).host === Number(url.port));
    expect(published).toMatch(/^((127\.0\.0\.1|0\.0\.0\.0):)?\d+:\d+(\/tcp)?$/);
  });

  it('runs Redis 7', () => {
    expect(service('redis').image).toMatch(/^redis:7([.-]|$)/);
    expect(commandWords(service('redis').healthcheck?.test)).toEqual(
      expect.arrayContaining(['redis-cli', 'ping']),
    );
  });

  it('S5: both gateways keep media in one directory on one named volume (sms-gateway writes, agent-gateway reads)', () => {
    const mounts = ['sms-gateway', 'agent-gateway'].map((name) => {
      const definition = service(name);
      const directory = definition.environment?.MEDIA_DIR;
      expect(directory).toEqual(expect.stringMatching(/^\//));
      const mount = (definition.volumes ?? []).find((volume) => volume.endsWith(`:${directory}`));
      expect(mount).toBeDefined();
      return mount;
    });
    expect(mounts[0]).toBe(mounts[1]);
    expect(Object.keys(resolved.volumes ?? {})).toContain(mounts[0]!.split(':')[0]);
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys(resolved.volumes ?? {});
    const undeclared = Object.entries(resolved.services).flatMap(([name, definition]) =>
      (definition.volumes ?? [])
        .map((volume) => volume.split(':')[0] ?? '')
        .filter((source) => !source.startsWith('.') && !source.startsWith('/') && !declared.includes(source))
        .map((source) => `${name} mounts the undeclared volume ${source}`),
    );
    expect(undeclared).toEqual([]);
  });
});
