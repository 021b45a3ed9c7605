import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { eventually } from '../src/testing';
import { Harness, inboundEnvelope } from './harness';

describe('trace context across the outbox and NATS', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let harness: Harness;

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  beforeEach(async () => {
    harness = await Harness.create();
    exporter.reset();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('links the span that committed an event to its publish and to its handling in another service', async () => {
    let handlerTraceId: string | undefined;
    await harness.startConsumer(harness.declaration('t_trace_v1'), () => {
      handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
      return Promise.resolve();
    });

    const webhook = provider.getTracer('test').startSpan('POST /webhooks/twilio', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), webhook), () => harness.commit([inboundEnvelope()]));
    webhook.end();
    // The relay runs later, outside the request: the trace is carried by the outbox row.
    await harness.relay().publishBatch();

    const spans = await eventually(() => {
      const finished = exporter.getFinishedSpans();
      const process = finished.find((span) => span.name === 'process sms.inbound.received.v1');
      expect(process).toBeDefined();
      return finished;
    });
    const send = spans.find((span) => span.name === 'send sms.inbound.received.v1')!;
    const process = spans.find((span) => span.name === 'process sms.inbound.received.v1')!;
    const traceId = webhook.spanContext().traceId;
    expect(send.spanContext().traceId).toBe(traceId);
    expect(send.parentSpanContext?.spanId).toBe(webhook.spanContext().spanId);
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(process.spanContext().traceId).toBe(traceId);
    expect(process.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(handlerTraceId).toBe(traceId);
  });
});
