// Checks docker-compose.yml in two ways:
//  - the Compose CLI validates it against the Compose specification (`config -q` needs no
//    engine). The CLI is `docker compose` (v2 plugin) if present, otherwise the standalone
//    `docker-compose`; without either these tests fail and name the package to install.
//  - the file itself is parsed to check what the project relies on (builds, ports, health,
//    start order, the shared environment).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isAlias, isMap, isScalar, parse, parseDocument } from 'yaml';
import {
  durationMs,
  readRepoFile,
  REPO_ROOT,
  runCommand,
  SECRET_KEYS,
  SERVICES,
  SHARED_SETTINGS,
  SHUTDOWN_GRACE_MS,
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

  it('starts every service only once nats, postgres and redis report healthy', () => {
    for (const { name } of SERVICES) {
      expect(dependencies(service(name))).toEqual({
        nats: 'service_healthy',
        postgres: 'service_healthy',
        redis: 'service_healthy',
      });
    }
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

    const allowedOwnKeys = ['<<', 'HTTP_PORT', ...SECRET_KEYS];
    for (const { name } of SERVICES) {
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

  it('sets the development values of the shared settings', () => {
    for (const { name } of SERVICES) {
      const environment = service(name).environment ?? {};
      expect(environment).toMatchObject({
        NATS_URL: 'nats://nats:4222',
        NATS_STREAM_REPLICAS: '1',
        MIGRATE_ON_START: 'true',
        NATS_NAMESPACE: '',
      });
      // The services reach the compose Postgres by its service name, with its credentials.
      const database = new URL(environment.DATABASE_URL ?? '');
      expect(`${database.hostname}:${database.port || '5432'}${database.pathname}`).toBe(
        'postgres:5432/threadline',
      );
      const server = service('postgres').environment ?? {};
      expect(database.username).toBe(server.POSTGRES_USER ?? 'postgres');
      if (server.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
        expect(database.password).toBe(server.POSTGRES_PASSWORD);
      }
      expect(environment.REDIS_URL).toBe('redis://redis:6379');
    }
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
