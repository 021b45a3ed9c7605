import { Body, Controller, HttpCode, Inject, Module, type OnModuleInit, Post } from '@nestjs/common';
import { createEnvelope, streams } from '@threadline/contracts';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AppError,
  CONSUMERS,
  type ConsumerRegistry,
  DATA_SOURCE,
  DependencyUnavailableError,
  OUTBOX,
  type Outbox,
  platformConfigSchema,
  runService,
  type RunningService,
  type ServiceDefinition,
} from '../src';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '../src/testing';
import { inboundData, silentLogger } from './harness';

class Notes1764100000000 implements MigrationInterface {
  readonly name = 'Notes1764100000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE notes (event_id uuid NOT NULL PRIMARY KEY, body text NOT NULL)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE notes`);
  }
}

@Controller('messages')
class MessagesController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  @Post()
  @HttpCode(202)
  async receive(@Body() body: { text?: unknown }): Promise<{ id: string }> {
    if (typeof body.text !== 'string') throw new AppError('TEXT_REQUIRED', 400, 'text must be a string');
    const envelope = createEnvelope('sms.inbound.received.v1', inboundData({ body: body.text }));
    await this.dataSource.transaction((manager) => this.outbox.add(manager, [envelope]));
    return { id: envelope.id };
  }
}

@Module({ controllers: [MessagesController] })
class NotesModule implements OnModuleInit {
  constructor(@Inject(CONSUMERS) private readonly consumers: ConsumerRegistry) {}

  onModuleInit(): void {
    this.consumers.register({
      declaration: {
        stream: streams.SMS,
        durable: 'notes_sms_inbound_received_v1',
        filterSubject: 'sms.inbound.received.v1',
        maxDeliver: 5,
        ackWaitMs: 30_000,
        maxAckPending: 100,
      },
      handler: async (envelope, { manager }) => {
        await manager.query(`INSERT INTO notes (event_id, body) VALUES ($1, $2)`, [
          envelope.id,
          envelope.data.body,
        ]);
      },
    });
  }
}

const definition: ServiceDefinition = {
  name: 'notes',
  schema: 'notes',
  configSchema: platformConfigSchema,
  streams: [streams.SMS],
  migrations: [Notes1764100000000],
  imports: [NotesModule],
  bodyLimitBytes: 1024,
  openApi: { title: 'Notes', description: 'A service that exists only in this test' },
};

describe('runService: one service on the real servers', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await runService(definition, {
      env: environment.env,
      logger: silentLogger,
      defaultMetrics: false,
    });
  });

  afterAll(async () => {
    await service.stop();
    await environment.dispose();
  });

  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('migrates its schema on start, platform tables included', async () => {
    const tables = await service.runtime.dataSource.query<Array<{ table_name: string }>>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'notes' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'dead_letter',
      'inbox',
      'migrations',
      'notes',
      'outbox',
    ]);
  });

  it('carries a request’s event through the outbox, NATS and its own consumer', async () => {
    const response = await post('/messages', JSON.stringify({ text: 'hello' }));
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await eventually(async () => {
      const rows = await service.runtime.dataSource.query<unknown[]>(
        `SELECT body FROM notes WHERE event_id = $1`,
        [id],
      );
      expect(rows).toEqual([{ body: 'hello' }]);
    });
  });

  it('answers /healthz while the process runs', async () => {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'notes' });
  });

  it('answers /readyz with every dependency checked', async () => {
    const response = await fetch(`${service.url}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
    expect(Object.keys(body.checks).sort()).toEqual(['nats', 'postgres', 'redis']);
  });

  it('serves Prometheus metrics, outbox backlog included', async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/threadline_outbox_backlog\{service="notes"\} \d+/);
    expect(text).toContain('threadline_consumer_messages_total');
  });

  it('documents its endpoints and the error shape in OpenAPI at /docs', async () => {
    const response = await fetch(`${service.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: object };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/messages']),
    );
    expect(document.components.schemas).toHaveProperty('ErrorBody');
    expect((await fetch(`${service.url}/docs`)).status).toBe(200);
  });

  it.each([
    ['an unknown route', () => fetch(`${service.url}/nope`), 404, 'NOT_FOUND'],
    ['a body that is not JSON', () => post('/messages', '{"text":'), 400, 'MALFORMED_BODY'],
    [
      'a body over the limit',
      () => post('/messages', JSON.stringify({ text: 'x'.repeat(2_000) })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a rule broken by the input',
      () => post('/messages', JSON.stringify({ text: 7 })),
      400,
      'TEXT_REQUIRED',
    ],
  ])('answers %s with the one error shape', async (_label, request, status, code) => {
    const response = await request();
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
  });

  it('reports 503 naming the dependency that went away, and recovers', async () => {
    service.runtime.redis.disconnect();
    const response = await fetch(`${service.url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      error: { code: string; details: Record<string, { ok: boolean }> };
    };
    expect(body.error.code).toBe('NOT_READY');
    expect(body.error.details.redis?.ok).toBe(false);
    expect(body.error.details.postgres?.ok).toBe(true);
    await service.runtime.redis.connect();
    await eventually(async () => expect((await fetch(`${service.url}/readyz`)).status).toBe(200));
  });
});

describe('runService: start-up and shutdown', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment.dispose();
  });

  it('names the server it cannot reach instead of failing with a stack trace', async () => {
    const env = { ...environment.env, NATS_URL: 'nats://127.0.0.1:1' };
    const attempt = runService(definition, { env, logger: silentLogger, defaultMetrics: false });
    await expect(attempt).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(
      runService(definition, { env, logger: silentLogger, defaultMetrics: false }),
    ).rejects.toThrow(/cannot reach nats at 127.0.0.1:1/);
  });

  it('runs migrations once when two replicas start together', async () => {
    const [a, b] = await Promise.all([
      runService(definition, { env: environment.env, logger: silentLogger, defaultMetrics: false }),
      runService(definition, { env: environment.env, logger: silentLogger, defaultMetrics: false }),
    ]);
    const migrations = await a.runtime.dataSource.query<unknown[]>(
      `SELECT name FROM notes.migrations ORDER BY id`,
    );
    expect(migrations).toEqual([{ name: 'PlatformTables1764028800000' }, { name: 'Notes1764100000000' }]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('publishes what its outbox holds before it stops', async () => {
    const service = await runService(definition, {
      env: environment.env,
      logger: silentLogger,
      defaultMetrics: false,
    });
    const { runtime } = service;
    // Commit rows while the relay is told nothing (no NOTIFY), as if written just before SIGTERM.
    const envelopes = Array.from({ length: 20 }, () =>
      createEnvelope('sms.inbound.received.v1', inboundData()),
    );
    await runtime.dataSource.transaction((manager) =>
      manager.query(
        `INSERT INTO notes.outbox (id, subject, payload) SELECT (e->>'id')::uuid, 'sms.inbound.received.v1', e
           FROM jsonb_array_elements($1::jsonb) AS e`,
        [JSON.stringify(envelopes.map(({ subject: _s, ...wire }) => wire))],
      ),
    );
    await service.stop();
    const pg = new Client({ connectionString: environment.databaseUrl });
    await pg.connect();
    const { rows } = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notes.outbox WHERE published_at IS NULL`,
    );
    await pg.end();
    expect(rows[0]?.n).toBe(0);
  });
});
