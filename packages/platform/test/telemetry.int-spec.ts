import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

  it('records an HTTP server span and the database call made while serving it, in one trace', async () => {
    const tracesFile = join(mkdtempSync(join(tmpdir(), 'traces-')), 'spans.jsonl');
    await promisify(execFile)(process.execPath, [join(__dirname, 'fixtures', 'traced-process.js')], {
      env: { ...process.env, DATABASE_URL: environment.databaseUrl, OTEL_TRACES_FILE: tracesFile },
    });
    const spans = readFileSync(tracesFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as SpanRecord);

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
});
