import WebSocket from 'ws';
import { eventually, type EventuallyOptions } from '@threadline/platform/testing';

export interface AgentEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * An agent as the agent-gateway sees one: logs in, calls the REST API with its token and
 * listens on the WebSocket. For tests, benchmarks and the demo console alike.
 */
export class AgentClient {
  readonly events: AgentEvent[] = [];
  private socket?: WebSocket;
  private readonly listeners = new Set<(event: AgentEvent) => void>();

  private constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly agentId: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<AgentClient> {
    const answer = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await answer.json()) as { token?: string; agent?: { id: string } };
    if (answer.status !== 200 || !body.token || !body.agent) {
      throw new Error(`login of ${username} failed: ${answer.status} ${JSON.stringify(body)}`);
    }
    return new AgentClient(baseUrl, body.token, body.agent.id);
  }

  /** Any request with this agent's token; answers whatever status comes back. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T>> {
    const answer = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Like `call`, but anything other than `expected` is an error naming what came back. */
  async expect<T = unknown>(expected: number, method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status !== expected) {
      throw new Error(
        `${method} ${path}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }

  setPresence(presence: 'available' | 'away' | 'offline'): Promise<unknown> {
    return this.expect(200, 'PUT', '/me/presence', { presence });
  }

  /** Opens the WebSocket and resolves once the gateway said it is ready. */
  async connect(): Promise<void> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/ws?access_token=${encodeURIComponent(this.token)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('message', (raw: WebSocket.RawData) => {
      const bytes = Array.isArray(raw)
        ? Buffer.concat(raw)
        : raw instanceof ArrayBuffer
          ? Buffer.from(new Uint8Array(raw))
          : raw;
      const text = bytes.toString('utf8');
      const event = JSON.parse(text) as AgentEvent;
      this.events.push(event);
      for (const listener of this.listeners) listener(event);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`WebSocket refused with HTTP ${response.statusCode}`)),
      );
      this.listeners.add(function ready(event) {
        if (event.type === 'ready') resolve();
      });
    });
  }

  /** Calls `listener` for every event from now on. */
  onEvent(listener: (event: AgentEvent) => void): void {
    this.listeners.add(listener);
  }

  /** Waits for an event of `type` matching `where` (seen before or after the call). */
  waitForEvent(
    type: string,
    where: (data: Record<string, unknown>) => boolean = () => true,
    options?: EventuallyOptions,
  ): Promise<AgentEvent> {
    return eventually(() => {
      const found = this.events.find((event) => event.type === type && where(event.data));
      if (!found)
        throw new Error(`no ${type} event yet; saw ${this.events.map((event) => event.type).join(', ')}`);
      return found;
    }, options);
  }

  close(): void {
    this.socket?.close();
  }
}
