import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP forwarder in front of one of the shared servers, which a test can shut as if that
 * server went down: `cut()` drops every open connection and refuses new ones (ECONNREFUSED,
 * as from a stopped server), `restore()` accepts again on the same port. The shared servers
 * are never stopped; only the service under test, pointed at the gate, sees the outage.
 */
export class TcpGate {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private listenPort: number,
  ) {}

  /** A gate to the host and port of `targetUrl` (postgres://, redis://, nats://...). */
  static async to(targetUrl: string): Promise<TcpGate> {
    const { hostname, port } = new URL(targetUrl);
    const gate = new TcpGate(hostname.replace(/^\[|\]$/g, ''), Number(port), 0);
    await gate.restore();
    return gate;
  }

  get port(): number {
    return this.listenPort;
  }

  /** `url` with its host and port replaced by the gate's, so a client connects through it. */
  urlFor(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.listenPort);
    return parsed.toString();
  }

  /** The server "goes down": open connections are reset and new ones refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The server "comes back", on the same port. */
  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    server.listen(this.listenPort, '127.0.0.1');
    await once(server, 'listening');
    this.listenPort = (server.address() as { port: number }).port;
    this.server = server;
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
