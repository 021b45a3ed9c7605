// The agent-gateway's WebSocket, kept open: it reconnects by itself with back-off, and each
// time it is (re)opened it says so, so the workspace reloads what it may have missed (pushes
// are at most once; the REST read model is the truth).
import type { PushEvent } from '../api/types';
import { reconnectDelayMs } from '../domain/backoff';

/** The gateway closes a socket with this code when the token that opened it expires. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4001;

export type SocketStatus = 'connecting' | 'live' | 'offline';

export interface LiveSocketOptions {
  url(): string;
  onEvent(event: PushEvent): void;
  /** The gateway said `ready` (the socket is open) or `resync` (pushes were lost): reload the read model now. */
  onReady(): void;
  onStatus(status: SocketStatus): void;
  onTokenExpired(): void;
  random?: () => number;
}

export class LiveSocket {
  private socket?: WebSocket;
  private attempt = 0;
  private retry?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(private readonly options: LiveSocketOptions) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.retry);
    this.socket?.close(1000, 'signed out');
    this.socket = undefined;
  }

  /** Drops the connection as a network failure would (the reconnect follows). */
  drop(): void {
    this.socket?.close(4000, 'dropped by the client');
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.socket?.readyState === WebSocket.OPEN) return;
    clearTimeout(this.retry);
    this.attempt = 0;
    this.open();
  };

  private open(): void {
    this.options.onStatus('connecting');
    const socket = new WebSocket(this.options.url());
    this.socket = socket;
    socket.onmessage = (message: MessageEvent<string>) => {
      let event: PushEvent;
      try {
        event = JSON.parse(message.data) as PushEvent;
      } catch {
        return;
      }
      if (event.type === 'ready') {
        this.attempt = 0;
        this.options.onStatus('live');
        this.options.onReady();
      }
      // The gateway could not fan some pushes out (Redis was away): reload as after a reconnect.
      if (event.type === 'resync') this.options.onReady();
      this.options.onEvent(event);
    };
    socket.onclose = (close: CloseEvent) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = undefined;
      this.options.onStatus('offline');
      if (close.code === TOKEN_EXPIRED_CLOSE_CODE) {
        this.options.onTokenExpired();
        return;
      }
      const delay = reconnectDelayMs(this.attempt, (this.options.random ?? Math.random)());
      this.attempt += 1;
      this.retry = setTimeout(() => this.open(), delay);
    };
  }
}

/** The socket's address on the page's own origin. */
export function socketUrl(
  token: string,
  location: Pick<Location, 'protocol' | 'host'> = window.location,
): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token)}`;
}
