import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('should write the message under `message` with a level label', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ url: 'http://127.0.0.1:3100' }, 'provider simulator listening');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'provider-simulator',
      message: 'provider simulator listening',
      url: 'http://127.0.0.1:3100',
    });
  });

  it('should mask phone numbers in fields, nested fields and the message', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info(
      { from: '+15551230001', attempt: { to: '+15550100001' } },
      'sms from +15551230001',
    );
    expect(lines[0]).toMatchObject({
      from: '+*******0001',
      attempt: { to: '+*******0001' },
      message: 'sms from +*******0001',
    });
  });

  it('should write dates as ISO strings', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ at: new Date('2025-01-01T00:00:00Z') }, 'attempt');
    expect(lines[0]).toMatchObject({ at: '2025-01-01T00:00:00.000Z' });
  });

  it('should keep the type and stack of a logged error and mask numbers in it', () => {
    const { lines, stream } = capture();
    class WebhookError extends Error {}
    createLogger('info', stream).error({ err: new WebhookError('no answer from +15551230001') }, 'failed');
    expect(lines[0]).toMatchObject({
      err: {
        type: 'WebhookError',
        message: 'no answer from +*******0001',
        stack: expect.stringContaining('+*******0001'),
      },
    });
  });
});
