import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../src/testing';
import { Harness, inboundEnvelope } from './harness';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A NATS server of this test's own, so it can be stopped and started again. */
class PrivateNats {
  private process?: ChildProcess;
  constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.process = spawn(
      NATS_SERVER,
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir],
      {
        stdio: 'ignore',
      },
    );
    await eventually(
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = createServer();
          socket.once('error', () => resolve());
          socket.listen(this.port, '127.0.0.1', () =>
            socket.close(() => reject(new Error('not listening yet'))),
          );
        }),
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  async stop(): Promise<void> {
    if (!this.process || !this.running) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGTERM');
    await exited;
  }
}

describe('a NATS restart', () => {
  let nats: PrivateNats;
  let harness: Harness;

  beforeAll(() => {
    // Not skipped when missing: the reconnect guarantee would go untested unnoticed.
    if (!existsSync(NATS_SERVER))
      throw new Error(`this test runs its own NATS: install nats-server or set NATS_SERVER_BIN`);
  });

  beforeEach(async () => {
    nats = new PrivateNats(await freePort(), mkdtempSync(join(tmpdir(), 'nats-store-')));
    await nats.start();
    harness = await Harness.create({ natsUrl: `nats://127.0.0.1:${nats.port}` });
  });

  afterEach(async () => {
    // The harness closes its connections more quickly with a server to say goodbye to.
    await nats.start();
    await harness.dispose();
    await nats.stop();
  });

  it('pauses publishing and consuming without losing what was committed meanwhile', async () => {
    const handled: string[] = [];
    await harness.startConsumer(harness.declaration('t_reconnect_v1'), (envelope) => {
      handled.push(envelope.id);
      return Promise.resolve();
    });
    const relay = harness.relay();
    await relay.start();

    const before = inboundEnvelope();
    await harness.commit([before]);
    await eventually(() => expect(handled).toEqual([before.id]));

    await nats.stop();
    const during = inboundEnvelope();
    await harness.commit([during]);
    await nats.start();

    await eventually(() => expect(handled).toEqual([before.id, during.id]), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const [row] = await harness.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM svc.outbox WHERE published_at IS NULL`,
    );
    expect(row?.n).toBe(0);
  });
});
