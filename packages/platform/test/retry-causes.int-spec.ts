import { Writable } from 'node:stream';
import type { PubAck } from '@nats-io/jetstream';
import { createLogger } from '../src';
import { eventually } from '../src/testing';
import { Harness, inboundEnvelope } from './harness';

/** The platform's logger (masking, error fields) writing its JSON lines into an array. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().trim().split('\n'))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'info', destination }) };
}

// A retried failure's line must say why it failed (issue 15: "too many clients" was logged a
// thousand times as only "failed; will retry"), with Postgres's SQLSTATE when Postgres refused.
describe('the cause of a retried failure in the log', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it("names the handler's Postgres error and its SQLSTATE on the retry line", async () => {
    const { lines, logger } = capturedLogger();
    harness.logger = logger;
    await harness.startConsumer(
      harness.declaration('t_retry_cause_v1'),
      async (_envelope, { manager, deliveryCount }) => {
        if (deliveryCount === 1) await manager.query(`SELECT * FROM svc.no_such_table`);
      },
    );
    const envelope = inboundEnvelope();
    await harness.commit([envelope]);
    await harness.relay().publishBatch();

    await eventually(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'handler failed; will retry',
          eventId: envelope.id,
          err: expect.objectContaining({
            code: '42P01',
            message: expect.stringContaining('no_such_table'),
          }),
        }),
      ),
    );
  });

  it("names the publish error on the outbox relay's retry line", async () => {
    const { lines, logger } = capturedLogger();
    harness.logger = logger;
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4222'), {
      code: 'ECONNREFUSED',
    });
    const failing = { publish: (): Promise<PubAck> => Promise.reject(unreachable) };
    await harness.commit([inboundEnvelope()]);
    expect(await harness.relay(failing).publishBatch()).toBe(0);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'outbox publish failed; will retry',
        err: expect.objectContaining({
          code: 'ECONNREFUSED',
          message: 'connect ECONNREFUSED 127.0.0.1:4222',
        }),
      }),
    );
  });
});
