import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { defineQuery, type RequestOf, type ResponseOf } from '@threadline/contracts';
import { z } from 'zod';
import {
  AppError,
  Namespace,
  QueryError,
  type QueryHandler,
  querySubject,
  requestQuery,
  serveQuery,
} from '../src';
import { serversFromEnv } from '../src/testing';
import { silentLogger } from './harness';

const lookup = defineQuery(
  'profile.requester.lookup.v1',
  'A query that exists only in this test',
  z.object({ address: z.string().regex(/^\+[0-9]+$/) }),
  z.object({ userId: z.string(), replica: z.string() }),
);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QueryError) return error.code;
    throw error;
  }
  throw new Error('expected a QueryError');
}

describe('queries over NATS request/reply', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let nc: NatsConnection;
  let ns: Namespace;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    nc = await connect({ servers: serversFromEnv().natsUrl });
  });

  let subscriptions: Subscription[] = [];

  /** Answers `lookup` in this test's namespace until the test ends. */
  function answer(handler: QueryHandler<RequestOf<typeof lookup>, ResponseOf<typeof lookup>>): void {
    subscriptions.push(serveQuery(nc, ns, 'profile', lookup, handler, silentLogger));
  }

  beforeEach(() => {
    // A namespace per test: no subscription of one test answers another's requests.
    ns = new Namespace(`q${Math.random().toString(16).slice(2, 10)}`);
    exporter.reset();
  });

  afterEach(() => {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    subscriptions = [];
  });

  afterAll(async () => {
    await nc.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('answers with the validated response', async () => {
    answer((request) => Promise.resolve({ userId: `user-for-${request.address}`, replica: 'a' }));
    await expect(requestQuery(nc, ns, lookup, { address: '+15551230001' })).resolves.toEqual({
      userId: 'user-for-+15551230001',
      replica: 'a',
    });
  });

  it('refuses a bad request before sending it, and the server refuses one that slips through', async () => {
    answer(() => Promise.resolve({ userId: 'u', replica: 'a' }));
    expect(await codeOf(requestQuery(nc, ns, lookup, { address: 'not a number' }))).toBe(
      'QUERY_REQUEST_INVALID',
    );
    const raw = await nc.request(querySubject(ns, lookup), '{"address": 42}');
    expect(raw.json()).toMatchObject({ ok: false, error: { code: 'QUERY_REQUEST_INVALID' } });
  });

  it('passes the handler’s error code and details to the caller', async () => {
    answer(() => Promise.reject(new AppError('PROFILE_NOT_FOUND', 404, 'no profile', { address: 'x' })));
    const failure = await requestQuery(nc, ns, lookup, { address: '+1555' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryError);
    expect(failure).toMatchObject({
      code: 'PROFILE_NOT_FOUND',
      message: 'no profile',
      details: { address: 'x' },
    });
  });

  it('hides an unexpected handler error behind INTERNAL_ERROR', async () => {
    answer(() => Promise.reject(new Error('connection to 10.1.2.3 refused')));
    const failure = (await requestQuery(nc, ns, lookup, { address: '+1555' }).catch(
      (error: unknown) => error,
    )) as QueryError;
    expect(failure.code).toBe('INTERNAL_ERROR');
    expect(failure.message).not.toContain('10.1.2.3');
  });

  it('refuses an answer that breaks the contract', async () => {
    answer(() => Promise.resolve({ userId: 7 } as never));
    expect(await codeOf(requestQuery(nc, ns, lookup, { address: '+1555' }))).toBe('QUERY_RESPONSE_INVALID');
  });

  it('says so at once when nobody serves the query', async () => {
    expect(await codeOf(requestQuery(nc, ns, lookup, { address: '+1555' }, 5_000))).toBe(
      'QUERY_NO_RESPONDERS',
    );
  });

  it('times out when the server does not answer in time', async () => {
    answer(() => new Promise(() => undefined));
    expect(await codeOf(requestQuery(nc, ns, lookup, { address: '+1555' }, 200))).toBe('QUERY_TIMEOUT');
  });

  it('lets replicas share the load, each request answered once', async () => {
    const answered: string[] = [];
    for (const replica of ['a', 'b']) {
      answer(() => {
        answered.push(replica);
        return Promise.resolve({ userId: 'u', replica });
      });
    }
    await nc.flush();
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => requestQuery(nc, ns, lookup, { address: '+1555' })),
    );
    expect(replies).toHaveLength(40);
    expect(answered).toHaveLength(40);
    expect(new Set(answered)).toEqual(new Set(['a', 'b']));
  });

  it('continues the caller’s trace on the answering side', async () => {
    let serverTraceId: string | undefined;
    answer(() => {
      serverTraceId = trace.getActiveSpan()?.spanContext().traceId;
      return Promise.resolve({ userId: 'u', replica: 'a' });
    });
    const caller = provider.getTracer('test').startSpan('GET /agents/me');
    await context.with(trace.setSpan(context.active(), caller), () =>
      requestQuery(nc, ns, lookup, { address: '+1555' }),
    );
    caller.end();
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.name === `request ${lookup.subject}`)!;
    const serve = spans.find((span) => span.name === `serve ${lookup.subject}`)!;
    expect(request.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(serve.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(serverTraceId).toBe(caller.spanContext().traceId);
  });
});
