import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { JsonFileSpanExporter } from './json-file-exporter';
import { resourceAttributesFromEnv, type SamplerChoice, samplerFromEnv, sdkDisabled } from './telemetry-env';

export interface TelemetrySettings {
  serviceName: string;
  /** OTLP/HTTP collector base URL, e.g. http://otel-collector:4318. */
  otlpEndpoint?: string;
  /** Append finished spans as JSON lines to this file (tests, local debugging). */
  tracesFile?: string;
  /** Extra exporters, e.g. an in-memory one in tests. */
  exporters?: SpanExporter[];
  /** Which traces are recorded; every one when left out. */
  sampler?: SamplerChoice;
  /** More resource attributes; `service.name` here overrides `serviceName`. */
  resourceAttributes?: Record<string, string>;
}

/** The SDK's sampler for a choice read from the environment. */
export function samplerOf(choice: SamplerChoice): Sampler {
  const root =
    choice.root === 'always_on'
      ? new AlwaysOnSampler()
      : choice.root === 'always_off'
        ? new AlwaysOffSampler()
        : new TraceIdRatioBasedSampler(choice.ratio);
  return choice.parentBased ? new ParentBasedSampler({ root }) : root;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts tracing: HTTP server and client spans, Postgres query spans, W3C trace context.
 * Call it before NestJS, express or pg are loaded, or their calls go unseen (the
 * instrumentations patch modules as they are required). Publish and consume spans for NATS
 * come from the outbox relay and the consumer helper, which carry `traceparent` in headers.
 */
export function startTelemetry(settings: TelemetrySettings): Telemetry {
  const processors: SpanProcessor[] = [];
  if (settings.otlpEndpoint) {
    processors.push(
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${settings.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }),
      }),
    );
  }
  if (settings.tracesFile)
    processors.push(new SimpleSpanProcessor({ exporter: new JsonFileSpanExporter(settings.tracesFile) }));
  for (const exporter of settings.exporters ?? []) processors.push(new SimpleSpanProcessor({ exporter }));

  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName,
      ...settings.resourceAttributes,
    }),
    spanProcessors: processors,
    ...(settings.sampler && { sampler: samplerOf(settings.sampler) }),
  });
  // Context and propagation work even with no exporter: trace ids still reach logs and
  // NATS headers, so a collector added later sees whole traces. (SDK 3 has no Node-specific
  // provider with a register(): the three globals are set here.)
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) =>
          ['/healthz', '/readyz', '/metrics'].includes(request.url ?? ''),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Telemetry as the service binaries configure it, from the standard OTEL_* variables
 * (`OTEL_SDK_DISABLED`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_TRACES_SAMPLER_ARG`, `OTEL_EXPORTER_OTLP_ENDPOINT`) and our `OTEL_TRACES_FILE`. A value
 * the specification does not allow stops the service with a {@link TelemetryConfigError}.
 */
export function startTelemetryFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  // Disabled: the API stays a no-op, so no span is made and no trace context travels.
  if (sdkDisabled(env)) return { shutdown: () => Promise.resolve() };
  return startTelemetry({
    serviceName,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    tracesFile: env.OTEL_TRACES_FILE || undefined,
    sampler: samplerFromEnv(env),
    resourceAttributes: resourceAttributesFromEnv(env, serviceName),
  });
}
