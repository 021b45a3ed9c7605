import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { SpanKind } from '@opentelemetry/api';
import {
  createIsolatedEnvironment,
  type IsolatedEnvironment,
  readSpans,
  resolveTestServers,
  serviceBinary,
  type ServiceProcess,
  spawnService,
  tracesFilePath,
} from '@threadline/testkit';
import { Client } from 'pg';

/** The six services, the schema each owns, its own tables and the stream each publishes to. */
const SERVICES = [
  {
    name: 'agent-gateway',
    schema: 'agent_gateway',
    tables: [
      'agent_account',
      'agent_company_number',
      'agent_prompt',
      'conversation_view',
      'media_upload',
      'message_view',
      'offer_view',
      'requester_opt_out_view',
    ],
    stream: undefined,
  },
  {
    name: 'sms-gateway',
    schema: 'sms_gateway',
    tables: [
      'company_number',
      'inbound_message',
      'outbound_message',
      'rejected_inbound_message',
      'status_callback',
    ],
    stream: 'SMS',
  },
  {
    name: 'profile',
    schema: 'profile',
    tables: [
      'directory_import',
      'directory_import_chunk',
      'directory_import_rejection',
      'directory_user',
      'directory_user_phone',
      'messaging_profile',
      'profile_audit',
    ],
    stream: 'PROFILE',
  },
  {
    name: 'interaction',
    schema: 'interaction',
    tables: ['interaction', 'message', 'requester_opt_out'],
    stream: 'INTERACTION',
  },
  {
    name: 'routing',
    schema: 'routing',
    tables: [
      'agent',
      'agent_channel_capacity',
      'channel',
      'interaction_closure',
      'presence_state',
      'queue',
      'queue_member',
      'work_item',
    ],
    stream: 'ROUTING',
  },
  {
    name: 'timer',
    schema: 'timer',
    tables: ['conversation_watch', 'messaging_action', 'timer'],
    stream: 'TIMER',
  },
] as const;

/** Every schema carries the platform's messaging tables and its migrations table. */
const PLATFORM_TABLES = ['dead_letter', 'inbox', 'migrations', 'outbox'];

describe('the six services as real processes', () => {
  let environment: IsolatedEnvironment;
  let tracesFile: string;
  const running = new Map<string, ServiceProcess>();

  beforeAll(async () => {
    environment = await createIsolatedEnvironment(await resolveTestServers());
    tracesFile = tracesFilePath();
    // Started one after another, as replicas would come up; each migrates its own schema.
    for (const service of SERVICES) {
      running.set(
        service.name,
        await spawnService(serviceBinary(service.name, 'main.js'), {
          ...environment.env,
          LOG_LEVEL: 'info',
          OTEL_TRACES_FILE: tracesFile,
          OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all([...running.values()].map((service) => service.stop('SIGKILL')));
    await environment?.dispose();
  });

  const urlOf = (name: string) => running.get(name)!.url;

  it.each(SERVICES.map((service) => [service.name]))('%s answers /healthz and /readyz', async (name) => {
    const health = await fetch(`${urlOf(name)}/healthz`);
    expect(health.status).toBe(200);
    // Every service runs on the Node.js version pinned in .nvmrc.
    const pinnedNode = readFileSync(join(__dirname, '..', '.nvmrc'), 'utf8').trim();
    expect(await health.json()).toEqual({ status: 'ok', service: name, node: pinnedNode });
    const ready = await fetch(`${urlOf(name)}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks).toMatchObject({ postgres: { ok: true }, nats: { ok: true }, redis: { ok: true } });
  });

  it.each(SERVICES.map((service) => [service.name]))(
    '%s serves Prometheus metrics and OpenAPI',
    async (name) => {
      const metrics = await (await fetch(`${urlOf(name)}/metrics`)).text();
      expect(metrics).toContain(`threadline_outbox_backlog{service="${name}"} 0`);
      expect(metrics).toContain('process_cpu_seconds_total');
      const openapi = (await (await fetch(`${urlOf(name)}/docs/openapi.json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
    },
  );

  // What `pnpm openapi:lint` runs: every served document passes Redocly's recommended rules
  // (redocly.yaml), so Swagger UI and generated clients can use it, security schemes included.
  it.each(SERVICES.map((service) => [service.name]))(
    '%s serves an OpenAPI document with no Redocly lint error',
    async (name) => {
      // The script exits 1 when it finds errors; its report is on stdout either way.
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [
        join(__dirname, '..', 'scripts', 'openapi-lint.mjs'),
        '--json',
        urlOf(name),
      ]).catch((failure: { stdout: string; stderr: string }) => failure);
      if (!stdout) throw new Error(`openapi-lint.mjs gave no report:\n${stderr}`);
      const [report] = JSON.parse(stdout) as Array<{ url: string; errors: string[]; warnings: string[] }>;
      expect(report).toEqual({ url: urlOf(name), errors: [], warnings: expect.any(Array) });
    },
  );

  it('gives every service its own migrated schema', async () => {
    const pg = new Client({ connectionString: environment.databaseUrl });
    await pg.connect();
    try {
      for (const service of SERVICES) {
        const { rows } = await pg.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
          [service.schema],
        );
        expect(rows.map((row) => row.table_name)).toEqual([...PLATFORM_TABLES, ...service.tables].sort());
      }
    } finally {
      await pg.end();
    }
  });

  it('provisions the stream each service publishes to, inside the run’s namespace', async () => {
    const nc = await connect({ servers: environment.servers.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for (const service of SERVICES.filter((s) => s.stream)) {
        const info = await jsm.streams.info(`${environment.namespace.toUpperCase()}_${service.stream}`);
        expect(info.config.subjects).toEqual([`${environment.namespace}.${service.stream!.toLowerCase()}.>`]);
        expect(info.config.storage).toBe('file');
      }
    } finally {
      await nc.close();
    }
  });

  it('traces HTTP requests in every service under its own name', async () => {
    for (const service of SERVICES) await fetch(`${urlOf(service.name)}/docs/openapi.json`);
    const spans = readSpans(tracesFile).filter(
      (span) => span.kind === SpanKind.SERVER && span.attributes['url.path'] === '/docs/openapi.json',
    );
    expect(new Set(spans.map((span) => span.service))).toEqual(
      new Set(SERVICES.map((service) => service.name)),
    );
  });

  it('runs the migrate command as a no-op once the schema is current', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [serviceBinary('profile', 'migrate.js')], {
      env: { ...process.env, ...environment.env, LOG_LEVEL: 'info' },
    });
    expect(stdout).toContain('schema is up to date');
  });

  it('stops gracefully on SIGTERM, exiting 0', async () => {
    const timer = running.get('timer')!;
    running.delete('timer');
    expect(await timer.stop('SIGTERM')).toBe(0);
    expect(timer.logs.map((line) => line.message)).toEqual(
      expect.arrayContaining(['shutting down', 'stopped']),
    );
  });
});

describe('a service that cannot reach a server', () => {
  it('exits 1 naming the server and how to get it, without a stack trace', async () => {
    const failure = await promisify(execFile)(process.execPath, [serviceBinary('routing', 'main.js')], {
      env: {
        ...process.env,
        NATS_URL: 'nats://127.0.0.1:1',
        HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        MIGRATE_ON_START: 'false',
      },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('cannot reach nats at 127.0.0.1:1');
    expect(failure?.stderr).toContain('docker compose up -d nats');
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
  });
});
