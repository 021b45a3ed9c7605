import { context, SpanKind, trace } from '@opentelemetry/api';
import { type RunningService, type SpanRecord, toSpanRecord } from '@threadline/platform';
import { startTelemetry, type Telemetry } from '@threadline/platform/telemetry';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { offerCreated } from './support/events';
import { ALICE, login, seedAgents, startGateway } from './support/gateway';
import { AgentSocket, withData } from './support/sockets';

describe('tracing a push', () => {
  const spans: SpanRecord[] = [];
  let telemetry: Telemetry;
  let environment: IsolatedEnvironment;
  let service: RunningService;

  beforeAll(async () => {
    telemetry = startTelemetry({
      serviceName: 'agent-gateway',
      exporters: [
        {
          export: (finished, done) => {
            spans.push(...finished.map(toSpanRecord));
            done({ code: 0 });
          },
          shutdown: () => Promise.resolve(),
        },
      ],
    });
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment);
    await seedAgents(service);
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
    await telemetry?.shutdown();
  });

  it('carries the trace of the event that caused it through Redis to the socket write', async () => {
    const socket = await AgentSocket.open(service.url, await login(service, 'alice'));
    const offer = offerCreated(uuidv7(), ALICE.id);
    // As routing would: commit the event through an outbox while its own span is active.
    const origin = trace.getTracer('test').startSpan('routing offers work', { kind: SpanKind.SERVER });
    const { dataSource, outbox } = service.runtime;
    await context.with(trace.setSpan(context.active(), origin), () =>
      dataSource.transaction((manager) => outbox.add(manager, [offer])),
    );
    origin.end();

    await socket.next('offer.created', withData({ workItemId: offer.data.workItemId }));
    const byName = (name: string) =>
      eventually(() => {
        const found = spans.find(
          (span) => span.name === name && span.traceId === origin.spanContext().traceId,
        );
        if (!found) throw new Error(`no span ${name} yet; have ${spans.map((span) => span.name).join(', ')}`);
        return found;
      });
    const processed = await byName('process routing.offer.created.v1');
    const pushed = await byName('push offer.created');
    const delivered = await byName('deliver offer.created');
    expect(pushed).toMatchObject({ kind: SpanKind.PRODUCER, parentSpanId: processed.spanId });
    expect(delivered).toMatchObject({ kind: SpanKind.CONSUMER, parentSpanId: pushed.spanId });
    expect(pushed.attributes).toMatchObject({ 'messaging.system': 'redis', 'threadline.push.recipients': 1 });
    expect(delivered.attributes).toMatchObject({ 'threadline.push.sockets': 1 });
    await socket.close();
  });
});
