import { appendFileSync } from 'node:fs';
import { type ExportResult, ExportResultCode, hrTimeToMicroseconds } from '@opentelemetry/core';
import type { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** The fields of a finished span that tests and people read back. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: SpanKind;
  service: string;
  startMicros: number;
  durationMicros: number;
  attributes: Record<string, unknown>;
  status: number;
}

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const service = span.resource.attributes['service.name'];
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: span.kind,
    service: typeof service === 'string' ? service : '',
    startMicros: hrTimeToMicroseconds(span.startTime),
    durationMicros: hrTimeToMicroseconds(span.duration),
    attributes: { ...span.attributes },
    status: span.status.code,
  };
}

/**
 * Appends each finished span as one JSON line. Several processes may share the file: each
 * line is written with one append call, which the kernel keeps whole for lines this short.
 */
export class JsonFileSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.path, spans.map((span) => `${JSON.stringify(toSpanRecord(span))}\n`).join(''));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
