import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from './logger';
import { maskPhone } from './mask';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'info', destination }) };
}

describe('maskPhone', () => {
  it.each([
    ['+15551234567', '+*******4567'],
    ['call 555-123-4567 now', 'call ******4567 now'],
    ['+1 (555) 123-4567', '+*******4567'],
    ['+447700900123', '+********0123'],
  ])('masks %s as %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each([
    ['a uuid', '01890a5d-ac96-774b-bcce-b302099a8057'],
    ['an ISO timestamp', '2026-11-25T14:07:51.123Z'],
    ['a short number', 'order 12345'],
    ['a Twilio sid', 'SM0123456789abcdef0123456789abcdef'],
  ])('leaves %s alone', (_label, input) => {
    expect(maskPhone(input)).toBe(input);
  });
});

describe('createLogger', () => {
  it('writes one JSON line with level, service and message', () => {
    const { lines, logger } = capture();
    logger.info({ interactionId: 'i-1' }, 'interaction created');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'test',
        message: 'interaction created',
        interactionId: 'i-1',
      }),
    ]);
  });

  it('masks phone numbers in fields and in the message', () => {
    const { lines, logger } = capture();
    logger.info({ from: '+15551234567', nested: { to: ['+15559870000'] } }, 'sms from +15551234567');
    expect(lines[0]).toMatchObject({
      from: '+*******4567',
      nested: { to: ['+*******0000'] },
      message: 'sms from +*******4567',
    });
    expect(JSON.stringify(lines)).not.toContain('5551234567');
  });

  it('carries the active trace id', () => {
    const provider = new TracerProvider();
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { lines, logger } = capture();
      const span = provider.getTracer('test').startSpan('work');
      context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
      span.end();
      expect(lines[0]).toMatchObject({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
      });
    } finally {
      context.disable();
    }
  });
});

describe('an error in a log line', () => {
  it("keeps the cause's code and detail, such as Postgres's SQLSTATE, beside the message", () => {
    const { lines, logger } = capture();
    const refused = Object.assign(new Error('sorry, too many clients already'), {
      code: '53300',
      severity: 'FATAL',
      detail: 'asked for by +15551234567',
      parameters: ['a secret parameter'],
    });
    logger.warn({ err: refused, consumer: 'c' }, 'handler failed; will retry');
    expect(lines[0]).toMatchObject({
      message: 'handler failed; will retry',
      err: {
        type: 'Error',
        message: 'sorry, too many clients already',
        code: '53300',
        severity: 'FATAL',
        detail: 'asked for by +*******4567',
      },
    });
    expect(JSON.stringify(lines[0])).not.toContain('a secret parameter');
  });

  it('keeps the errors it wraps: a cause, and the attempts of an AggregateError', () => {
    const { lines, logger } = capture();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
    });
    const wrapped = new Error('the relay could not publish', {
      cause: new AggregateError([refused], 'all failed'),
    });
    logger.warn({ err: wrapped }, 'outbox publish failed; will retry');
    expect(lines[0]).toMatchObject({
      err: {
        message: 'the relay could not publish',
        cause: {
          type: 'AggregateError',
          message: 'all failed',
          errors: [{ code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }],
        },
      },
    });
  });
});
