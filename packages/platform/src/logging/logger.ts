import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { maskPhone, maskPhonesDeep } from './mask';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level: LoggerOptions['level'];
  /** Where lines go; standard output unless a test captures them. */
  destination?: DestinationStream;
}

/**
 * JSON logs, one line per event, carrying the active trace and span ids so a line can be
 * found from a trace and the other way round. Phone numbers are masked in every field.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'message',
    // The log formatter below has already described every error (maskPhonesDeep); pino's own
    // `err` serializer would run after it and rewrite that record (type "Object", the cause
    // folded into the message and dropped), so it is replaced by one that keeps it.
    serializers: { err: (value: unknown) => value },
    formatters: {
      level: (label) => ({ level: label }),
      log: (record) => maskPhonesDeep(record) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        // The message string is not part of `record` above; mask it here.
        const masked = args.map((arg) => (typeof arg === 'string' ? maskPhone(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
