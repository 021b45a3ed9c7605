import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import type { SpanRecord } from '../src';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '../src/testing';

describe('telemetry in a real process', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await environment.dispose();
  });

  /** Runs the traced process with `env` and returns the spans it wrote (none: the file is absent). */
  async function tracedRun(env: Record<string, string> = {}): Promise<SpanRecord[]> {
    return (await tracedRunStarting(env)).spans;
  }

  /** The spans written, and the names of every span started, whether the sampler kept it or not. */
  async function tracedRunStarting(
    env: Record<string, string> = {},
  ): Promise<{ spans: SpanRecord[]; started: string[] }> {
    const tracesFile = join(mkdtempSync(join(tmpdir(), 'traces-')), 'spans.jsonl');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, 'fixtures', 'traced-process.js')],
      {
        env: {
          ...process.env,
          DATABASE_URL: environment.databaseUrl,
          OTEL_TRACES_FILE: tracesFile,
          // Every trace, so a test sees its spans; the shipped default keeps a tenth.
          OTEL_TRACES_SAMPLER: 'parentbased_always_on',
          ...env,
        },
      },
    );
    const { started } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { started: string[] };
    if (!existsSync(tracesFile)) return { spans: [], started };
    const spans = readFileSync(tracesFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as SpanRecord);
    return { spans, started };
  }

  it('records an HTTP server span and the database call made while serving it, in one trace', async () => {
    const spans = await tracedRun();

    const server = spans.find(
      (span) => span.kind === SpanKind.SERVER && span.attributes['url.path'] === '/work',
    );
    expect(server).toBeDefined();
    expect(server?.service).toBe('traced-process');
    const query =
      spans.find(
        (span) => span.kind === SpanKind.CLIENT && span.attributes['db.system.name'] === 'postgresql',
      ) ??
      spans.find((span) => span.kind === SpanKind.CLIENT && span.attributes['db.system'] === 'postgresql');
    expect(query).toBeDefined();
    expect(query?.traceId).toBe(server?.traceId);
    expect(query?.parentSpanId).toBe(server?.spanId);
  });

  it('starts no span for the queries of a trace the sampler dropped', async () => {
    const kept = await tracedRunStarting();
    const dropped = await tracedRunStarting({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    const queries = (names: string[]) => names.filter((name) => /select|pg\.query/i.test(name));
    expect(queries(kept.started).length).toBeGreaterThan(0);
    expect(dropped.spans).toEqual([]);
    // The request's own span is still started (and dropped), so trace ids reach the logs.
    expect(dropped.started.length).toBeGreaterThan(0);
    expect(queries(dropped.started)).toEqual([]);
  });

  it('names the service from OTEL_SERVICE_NAME', async () => {
    const spans = await tracedRun({ OTEL_SERVICE_NAME: 'routing-canary' });
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['routing-canary']));
  });

  it.each([
    ['OTEL_TRACES_SAMPLER=always_off', { OTEL_TRACES_SAMPLER: 'always_off' }],
    ['a ratio of 0', { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }],
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }],
  ])('records nothing with %s', async (_label, env) => {
    expect(await tracedRun(env)).toEqual([]);
  });

  it('refuses to start with a sampler the specification does not name', async () => {
    await expect(tracedRun({ OTEL_TRACES_SAMPLER: 'sometimes' })).rejects.toThrow(
      /OTEL_TRACES_SAMPLER must be one of .*; got sometimes/,
    );
  });
});
