import { eventually } from '@threadline/testkit';
import { type RawData, WebSocket } from 'ws';
import { z } from 'zod';

const pushMessage = z.object({ type: z.string(), data: z.unknown(), at: z.string() });
export type PushMessage = z.infer<typeof pushMessage>;

function text(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}

function socketUrl(baseUrl: string, query = ''): string {
  return `${baseUrl.replace(/^http/, 'ws')}/ws${query}`;
}

/** An agent's WebSocket: records every message, waits for those a test expects. */
export class AgentSocket {
  readonly messages: PushMessage[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => this.messages.push(pushMessage.parse(JSON.parse(text(raw)))));
  }

  /** Connects with the token in the query string and resolves once the gateway said `ready`. */
  static async open(baseUrl: string, token: string): Promise<AgentSocket> {
    const client = new AgentSocket(
      new WebSocket(socketUrl(baseUrl, `?access_token=${encodeURIComponent(token)}`)),
    );
    await client.next('ready');
    return client;
  }

  /** Messages of `type` whose data matches `where`, seen so far. */
  received(type: string, where: (data: unknown) => boolean = () => true): PushMessage[] {
    return this.messages.filter((message) => message.type === type && where(message.data));
  }

  next(type: string, where: (data: unknown) => boolean = () => true): Promise<PushMessage> {
    return eventually(() => {
      const [found] = this.received(type, where);
      if (!found)
        throw new Error(`no ${type} yet; got ${this.messages.map((m) => m.type).join(', ') || 'nothing'}`);
      return found;
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }
}

/** The HTTP status an upgrade to `/ws` gets: 101 when the socket opens, else the refusal's. */
export function upgradeStatus(
  baseUrl: string,
  options: { query?: string; headers?: Record<string, string>; path?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = options.path
    ? `${baseUrl.replace(/^http/, 'ws')}${options.path}`
    : socketUrl(baseUrl, options.query ?? '');
  const socket = new WebSocket(url, { headers: options.headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    socket.once('error', (error) => reject(error));
  });
}

/** A predicate on a push's data: every field of `pattern` matches, nested objects partially. */
export function withData(pattern: Record<string, unknown>): (data: unknown) => boolean {
  return (data) => matches(data, pattern);
}

function matches(value: unknown, pattern: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null) return Object.is(value, pattern);
  if (typeof value !== 'object' || value === null) return false;
  const fields = new Map(Object.entries(value));
  return Object.entries(pattern).every(
    ([key, expected]) => fields.has(key) && matches(fields.get(key), expected),
  );
}
