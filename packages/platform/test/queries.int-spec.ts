import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { defineQuery } from '@threadline/contracts';
import { z } from 'zod';
import { AppError, Namespace, QueryError, requestQuery, serveQuery } from '../src';
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
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let nc: NatsConnection;
  let ns: Namespace;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    nc = await connect({ servers: serversFromEnv().natsUrl });
  });

  beforeEach(() => {
    // A namespace per test: no subscription of one test answers another's requests.
    ns = new Namespace(`q${Math.random().toString(16).slice(2, 10)}`);
    exporter.reset();
  });

  afterAll(async () => {
    await nc.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('answers with the validated response', async () => {
    const sub = serveQuery(
      nc,
      ns,
      'profile',
      lookup,
      (request) => Promise.resolve({ userId: `user-for-${request.address}`, replica: 'a' }),
      silentLogger,
    );
    try {
      await expect(requestQuery(nc, ns, lookup, { address: '+15551230001' })).resolves.toEqual({
        userId: 'user-for-+15551230001',
        replica: 'a',
      });
    } finally {
      sub.unsubscribe();
    }
  });

  it('refuses a bad request before sending it, and the server refuses one that slips through', async () => {
    const sub = serveQuery(
      nc,
      ns,
      'profile',
      lookup,
      () => Promise.resolve({ userId: 'u', replica: 'a' }),
      silentLogger,
    );
    try {
      expect(await codeOf(requestQuery(nc, ns, lookup, { address: 'not a number' }))).toBe(
        'QUERY_REQUEST_INVALID',
      );
      const raw = await nc.request(ns.subject(lookup.subject), '{"address": 42}');
      expect(raw.json()).toMatchObject({ ok: false, error: { code: 'QUERY_REQUEST_INVALID' } });
    } finally {
      sub.unsubscribe();
    }
  });

  it('passes the handler’s error code and details to the caller', async () => {
    const sub = serveQuery(
      nc,
      ns,
      'profile',
      lookup,
      () => Promise.reject(new AppError('PROFILE_NOT_FOUND', 404, 'no profile', { address: 'x' })),
      silentLogger,
    );
    try {
      const failure = await requestQuery(nc, ns, lookup, { address: '+1555' }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(QueryError);
      expect(failure).toMatchObject({
        code: 'PROFILE_NOT_FOUND',
        message: 'no profile',
        details: { address: 'x' },
      });
    } finally {
      sub.unsubscribe();
    }
  });

  it('hides an unexpected handler error behind INTERNAL_ERROR', async () => {
    const sub = serveQuery(
      nc,
      ns,
      'profile',
      lookup,
      () => Promise.reject(new Error('connection to 10.1.2.3 refused')),
      silentLogger,
    );
    try {
      const failure = (await requestQuery(nc, ns, lookup, { address: '+1555' }).catch(
        (error: unknown) => error,
      )) as QueryError;
      expect(failure.code).toBe('INTERNAL_ERROR');
      expect(failure.message).not.toContain('10.1.2.3');
    } finally {
      sub.unsubscribe();
    }
  });

  it('refuses an answer that breaks the contract', async () => {
    const sub = serveQuery(
      nc,
      ns,
      'profile',
      lookup,
      () => Promise.resolve({ userId: 7 } as never),
      silentLogger,
    );
    try {
      expect(await codeOf(requestQuery(nc, ns, lookup, { address: '+1555' }))).toBe('QUERY_RESPONSE_INVALID');
    } finally {
      sub.unsubscribe();
    }
  });

  it('says so at once when nobody serves the query', async () => {
    expect(await codeOf(requestQuery(nc, ns, lookup, { address: '+1555' }, 5_000))).toBe(
      'QUERY_NO_RESPONDERS',
    );
  });

  it('times out when the server does not answer in time', async () => {
    const sub = serveQuery(nc, ns, 'profile', lookup, () => new Promise(() => undefined), silentLogger);
    try {
      expect(await codeOf(requestQuery(nc, ns, lookup, { address: '+1555' }, 200))).toBe('QUERY_TIMEOUT');
    } finally {
      sub.unsubscribe();
    }
  });

  it('lets replicas share the load, each request answered once', async () => {
    const answered: string[] = [];
    const subs = ['a', 'b'].map((replica) =>
      serveQuery(
        nc,
        ns,
        'profile',
        lookup,
        () => {
          answered.push(replica);
          return Promise.resolve({ userId: 'u', replica });
        },
        silentLogger,
      ),
    );
    await nc.flush();
    try {
      const replies = await Promise.all(
        Array.from({ length: 40 }, () => requestQuery(nc, ns, lookup, { address: '+1555' })),
      );
      expect(replies).toHaveLength(40);
      expect(answered).toHaveLength(40);
      expect(new Set(answered)).toEqual(new Set(['a', 'b']));
    } finally {
      subs.forEach((sub) => sub.unsubscribe());
    }
  });

  it('continues the caller’s trace on the answering side', async () => {
    let serverTraceId: string | undefined;
    const sub = serveQuery(
      nc,
      ns,
      'profile',
      lookup,
      () => {
        serverTraceId = trace.getActiveSpan()?.spanContext().traceId;
        return Promise.resolve({ userId: 'u', replica: 'a' });
      },
      silentLogger,
    );
    try {
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
    } finally {
      sub.unsubscribe();
    }
  });
});
