import pino, { type DestinationStream, type Logger } from 'pino';
import { type LogLevel } from './config';
import { maskPhones } from './domain/phone-number';

export type { Logger } from 'pino';

/**
 * JSON logs, one line per event, with the message under `message` (the process helper in
 * testkit reads that key). Phone numbers are masked in every field and in the message.
 * Bindings of `child()` loggers skip this formatter, so pass such fields with each call.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'provider-simulator' },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'message',
    // Formatters run before serializers, so errors are masked here, after pino has made them plain.
    serializers: { err: (error: Error) => maskDeep(pino.stdSerializers.err(error)) },
    formatters: {
      level: (label) => ({ level: label }),
      log: (record) => maskDeep(record),
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskPhones(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

function maskDeep(record: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]: [string, unknown]) => [key, maskValue(value)]),
  );
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (value instanceof Date) return value.toISOString();
  // Left for the `err` serializer, which keeps the type and stack.
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') return maskDeep(value);
  return value;
}
