import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import express, { type Response } from 'express';
import { z } from 'zod';
import { type ProviderSimulator, type ProviderSimulatorOptions, startProviderSimulator } from '../src';

export interface ReceivedWebhook {
  /** The full URL the request was posted to, as Twilio signs it. */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
}

/** How the fake gateway answers the next request: an HTTP status, or never (until stopped). */
export type Reply = number | 'hang';

const formSchema = z.record(z.string(), z.string());

/**
 * Plays sms-gateway in integration tests: records every form posted to it and answers each
 * with the next scripted reply (200 once the script runs out).
 */
export class FakeGateway {
  readonly received: ReceivedWebhook[] = [];
  private readonly script: Reply[] = [];
  private readonly hanging: Response[] = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeGateway> {
    const app = express();
    const server = createServer(app);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const gateway = new FakeGateway(server, `http://127.0.0.1:${address.port}`);
    app.use(express.urlencoded({ extended: false }));
    app.post('/{*path}', (req, res) => {
      gateway.received.push({
        url: `${gateway.baseUrl}${req.originalUrl}`,
        path: req.path,
        headers: req.headers,
        params: formSchema.parse(req.body),
      });
      const reply = gateway.script.shift() ?? 200;
      if (reply === 'hang') gateway.hanging.push(res);
      else res.status(reply).type('text/xml').send('<Response/>');
    });
    return gateway;
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** Answers the next requests with these replies, in order. */
  replyWith(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  requestsTo(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }
}

/** A URL on a port nobody listens on, so a connection to it is refused at once. */
export async function refusedUrl(path: string): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${address.port}${path}`;
}

/** A simulator wired to a fresh fake gateway, as most of these tests need them. */
export interface SimulatorAndGateway {
  gateway: FakeGateway;
  simulator: ProviderSimulator;
}

/** Starts a fake gateway, then a quiet simulator on any free port with `options(gateway)`. */
export async function startWithGateway(
  options: (gateway: FakeGateway) => ProviderSimulatorOptions = () => ({}),
): Promise<SimulatorAndGateway> {
  const gateway = await FakeGateway.start();
  const simulator = await startProviderSimulator({ port: 0, logLevel: 'silent', ...options(gateway) });
  return { gateway, simulator };
}

export async function stopWithGateway({ gateway, simulator }: SimulatorAndGateway): Promise<void> {
  await simulator.stop();
  await gateway.stop();
}
