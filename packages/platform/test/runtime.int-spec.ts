import { Body, Controller, HttpCode, Inject, Module, type OnModuleInit, Post } from '@nestjs/common';
import { createEnvelope, defineQuery, streams } from '@threadline/contracts';
import { z } from 'zod';
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
  PermanentError,
  QUERIES,
  type QueryRegistry,
  platformConfigSchema,
  runMigrations,
  runService,
  SchemaNotCurrentError,
  type RunningService,
  type ServiceDefinition,
} from '../src';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '../src/testing';
import { inboundData, silentLogger } from './harness';

/** Bodies the notes consumer refuses for now, as a consumer with a bug would. */
const rejecting = new Set<string>();
const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';

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

const countNotes = defineQuery(
  'notes.note.count.v1',
  'How many notes have this body',
  z.object({ body: z.string() }),
  z.object({ count: z.number().int() }),
);

@Module({ controllers: [MessagesController] })
class NotesModule implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queries: QueryRegistry,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queries.answer(countNotes, async ({ body }) => {
      const [row] = await this.dataSource.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM notes WHERE body = $1`,
        [body],
      );
      return { count: row?.count ?? 0 };
    });
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
        if (rejecting.has(envelope.data.body))
          throw new PermanentError('NOTE_REJECTED', `rejecting ${envelope.data.body}`);
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
      env: { ...environment.env, OPERATOR_TOKEN },
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

  it('answers the queries its modules registered, over NATS', async () => {
    await post('/messages', JSON.stringify({ text: 'counted' }));
    await eventually(async () =>
      expect(await service.runtime.ask(countNotes, { body: 'counted' })).toEqual({ count: 1 }),
    );
  });

  it('answers /healthz while the process runs, naming the Node.js version it runs on', async () => {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'notes', node: process.versions.node });
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
    // Error codes are listed exactly, per endpoint and status.
    interface ErrorResponse {
      content: { 'application/json': { schema: { allOf: [unknown, ErrorCodeSchema] } } };
    }
    interface ErrorCodeSchema {
      properties: { error: { properties: { code: { enum: string[] } } } };
    }
    const replay = (
      document.paths['/ops/dead-letters/{id}/replay'] as {
        post: { responses: Record<string, ErrorResponse> };
      }
    ).post;
    const codesAt = (status: string) =>
      replay.responses[status]!.content['application/json'].schema.allOf[1].properties.error.properties.code
        .enum;
    expect(codesAt('404')).toEqual(['DEAD_LETTER_NOT_FOUND']);
    expect(codesAt('409')).toEqual(['DEAD_LETTER_ALREADY_REPLAYED', 'DEAD_LETTER_NOT_REPLAYABLE']);
    expect(codesAt('401')).toEqual(['UNAUTHENTICATED']);
    expect(codesAt('500')).toEqual(['INTERNAL_ERROR']);
    // Operations endpoints take the operator token; health and metrics need none.
    const securityOf = (path: string, method: string) =>
      (document.paths[path] as Record<string, { security?: unknown }>)[method]?.security;
    expect(securityOf('/ops/dead-letters/{id}/replay', 'post')).toEqual([{ operator: [] }]);
    expect(securityOf('/healthz', 'get')).toEqual([]);
    expect(securityOf('/metrics', 'get')).toEqual([]);
    expect(document.components).toMatchObject({
      securitySchemes: { operator: { type: 'http', scheme: 'bearer' } },
    });
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

  describe('dead letters for operators', () => {
    const ops = (path: string, init: RequestInit = {}, token = OPERATOR_TOKEN) =>
      fetch(`${service.url}/ops/dead-letters${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}` },
      });

    it('refuses a request without the operator token', async () => {
      const response = await fetch(`${service.url}/ops/dead-letters`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      expect((await ops('', {}, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    });

    it('lists what a consumer gave up on, and replays it once the consumer is fixed', async () => {
      rejecting.add('buggy');
      const response = await post('/messages', JSON.stringify({ text: 'buggy' }));
      const { id: eventId } = (await response.json()) as { id: string };
      const letter = await eventually(async () => {
        const body = (await (await ops('?consumer=notes_sms_inbound_received_v1')).json()) as {
          items: Array<{ id: string; eventId: string; errorCode: string; reason: string }>;
        };
        const found = body.items.find((item) => item.eventId === eventId);
        expect(found).toBeDefined();
        return found!;
      });
      expect(letter).toMatchObject({ errorCode: 'NOTE_REJECTED', reason: 'rejecting buggy' });

      rejecting.delete('buggy');
      const replay = await ops(`/${letter.id}/replay`, { method: 'POST' });
      expect(replay.status).toBe(202);
      await eventually(async () => {
        const rows = await service.runtime.dataSource.query(`SELECT body FROM notes WHERE event_id = $1`, [
          eventId,
        ]);
        expect(rows).toEqual([{ body: 'buggy' }]);
      });

      const again = await ops(`/${letter.id}/replay`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
        'DEAD_LETTER_ALREADY_REPLAYED',
      );
    });

    it('refuses to replay a message that broke its contract', async () => {
      await service.runtime.js.publish(
        service.runtime.ns.subject('sms.inbound.received.v1'),
        '{"not":"an envelope"}',
      );
      const letter = await eventually(async () => {
        const body = (await (await ops('')).json()) as { items: Array<{ id: string; errorCode: string }> };
        const found = body.items.find((item) => item.errorCode === 'ENVELOPE_INVALID');
        expect(found).toBeDefined();
        return found!;
      });
      const replay = await ops(`/${letter.id}/replay`, { method: 'POST' });
      expect(replay.status).toBe(409);
      expect(((await replay.json()) as { error: { code: string } }).error.code).toBe(
        'DEAD_LETTER_NOT_REPLAYABLE',
      );
    });

    it('answers 404 for a dead letter that does not exist', async () => {
      for (const id of ['999999', 'abc']) {
        const response = await ops(`/${id}/replay`, { method: 'POST' });
        expect(response.status).toBe(404);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
          'DEAD_LETTER_NOT_FOUND',
        );
      }
    });

    it('validates the list limit', async () => {
      const response = await ops('?limit=0');
      expect(response.status).toBe(400);
    });
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
    // The readiness check itself may have started a reconnect meanwhile; either way it comes back.
    await service.runtime.redis.connect().catch((error: Error) => {
      if (!/already connecting\/connected/.test(error.message)) throw error;
    });
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

  it('keeps the operations endpoints off while no operator token is configured', async () => {
    const service = await runService(definition, {
      env: environment.env,
      logger: silentLogger,
      defaultMetrics: false,
    });
    try {
      const response = await fetch(`${service.url}/ops/dead-letters`, {
        headers: { authorization: 'Bearer anything' },
      });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('OPERATIONS_DISABLED');
    } finally {
      await service.stop();
    }
  });

  it('leaves nothing running when it cannot listen on its port', async () => {
    const first = await runService(definition, {
      env: environment.env,
      logger: silentLogger,
      defaultMetrics: false,
    });
    try {
      const connections = async () => {
        const [row] = await first.runtime.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name IN ('notes', 'outbox-relay:notes')`,
        );
        return row!.n;
      };
      const before = await connections();
      const env = { ...environment.env, HTTP_PORT: String(first.port) };
      await expect(
        runService(definition, { env, logger: silentLogger, defaultMetrics: false }),
      ).rejects.toThrow(/EADDRINUSE/);
      // The failed replica got as far as its pool and its outbox LISTEN connection; both are closed.
      await eventually(async () => expect(await connections()).toBeLessThanOrEqual(before));
    } finally {
      await first.stop();
    }
  });

  it('refuses to serve a schema the migrate step has not brought up to date', async () => {
    const fresh = await createIsolatedEnvironment();
    try {
      const env = { ...fresh.env, MIGRATE_ON_START: 'false' };
      await expect(
        runService(definition, { env, logger: silentLogger, defaultMetrics: false }),
      ).rejects.toBeInstanceOf(SchemaNotCurrentError);
      await runMigrations(definition, { ...fresh.env, LOG_LEVEL: 'silent' });
      const service = await runService(definition, { env, logger: silentLogger, defaultMetrics: false });
      await service.stop();
    } finally {
      await fresh.dispose();
    }
  });

  it('runs migrations once when two replicas start together', async () => {
    const [a, b] = await Promise.all([
      runService(definition, { env: environment.env, logger: silentLogger, defaultMetrics: false }),
      runService(definition, { env: environment.env, logger: silentLogger, defaultMetrics: false }),
    ]);
    const migrations = await a.runtime.dataSource.query<unknown[]>(
      `SELECT name FROM notes.migrations ORDER BY id`,
    );
    expect(migrations).toEqual([
      { name: 'PlatformTables1764028800000' },
      { name: 'OutboxPendingIndex1764028800001' },
      { name: 'Notes1764100000000' },
    ]);
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
