import { type IncomingMessage, Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONFIG, ErrorCodes, LOGGER, toErrorResponse } from '@threadline/platform';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { AuthenticateUseCase } from '../../app/authenticate.use-case';
import { AgentErrorCodes } from '../../app/error-codes';
import type { AgentGatewayConfig } from '../../config';
import type { AuthenticatedAgent } from '../../domain/agent';
import { upgradeToken } from '../auth/bearer-token';

export const SOCKET_PATH = '/ws';
/** Close code (application range) for a socket whose access token expired. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4001;
/**
 * Close code for a socket opened while the agent already had AGENT_MAX_SOCKETS here: only
 * when several open at the same instant, since the upgrade is otherwise refused with 429.
 */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4029;
/**
 * Largest message a client may send (clients send none today; pings are frames, not messages).
 * A larger one closes the socket with 1009, Message Too Big (ws checks it while reading).
 */
export const MAX_INCOMING_MESSAGE_BYTES = 16 * 1024;
/** A socket that has not answered the previous ping by the next one is dropped. */
const HEARTBEAT_MS = 30_000;
/** How long closing sockets get to finish the close handshake at shutdown. */
const CLOSE_GRACE_MS = 1_000;

/**
 * The WebSocket endpoint on the service's own HTTP server, and the sockets connected to this
 * replica. Other replicas' events reach these sockets through the agent event bus.
 */
@Injectable()
export class AgentSockets
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_MESSAGE_BYTES });
  private readonly byAgent = new Map<string, Set<WebSocket>>();
  private readonly answeredPing = new WeakMap<WebSocket, boolean>();
  private readonly connectListeners: Array<(agentId: string) => void> = [];
  private http?: Server;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly authenticate: AuthenticateUseCase,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
  ) {}

  /** The HTTP server exists (not yet listening) once the application bootstraps. */
  onApplicationBootstrap(): void {
    const http: unknown = this.adapterHost.httpAdapter.getHttpServer();
    if (!isHttpServer(http)) throw new Error('agent-gateway needs a node:http server for its WebSocket');
    this.attach(http);
  }

  /** Starts answering upgrades on `http` (the one the REST API listens on). */
  attach(http: Server): void {
    if (this.http) throw new Error('agent sockets are already attached to an HTTP server');
    this.http = http;
    http.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.sweep(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** The agents with at least one socket open on this replica. */
  connectedAgentIds(): string[] {
    return [...this.byAgent.keys()];
  }

  /** Calls `listener` with the agent's id each time one of their sockets opens here. */
  onAgentConnected(listener: (agentId: string) => void): void {
    this.connectListeners.push(listener);
  }

  /** Writes `message` to every socket of these agents on this replica; says how many got it. */
  send(agentIds: readonly string[], message: string): number {
    let sent = 0;
    for (const agentId of agentIds) {
      for (const socket of this.byAgent.get(agentId) ?? []) {
        if (socket.readyState !== socket.OPEN) continue;
        socket.send(message);
        sent += 1;
      }
    }
    return sent;
  }

  /**
   * Nest closes the HTTP server before OnApplicationShutdown, and the server waits for every
   * connection, upgraded ones included: so sockets are closed here, before it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.http?.off('upgrade', this.onUpgrade);
    const sockets = [...this.byAgent.values()].flatMap((set) => [...set]);
    const closed = sockets.map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    for (const socket of sockets) socket.close(1001, 'server shutting down');
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS))]);
  }

  /** Whatever did not finish its close handshake in time is cut. */
  onApplicationShutdown(): void {
    for (const sockets of this.byAgent.values()) for (const socket of sockets) socket.terminate();
    this.byAgent.clear();
    this.server.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void this.upgrade(request, socket, head);
  };

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // A client may hang up while we check its token; that must not crash the process.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== SOCKET_PATH) {
      refuse(socket, 404, {
        error: { code: ErrorCodes.NOT_FOUND, message: `no WebSocket at ${url.pathname}` },
      });
      return;
    }
    if (this.closing) {
      refuse(socket, 503, { error: { code: ErrorCodes.NOT_READY, message: 'shutting down; reconnect' } });
      return;
    }
    let agent: AuthenticatedAgent;
    let expiresAtMs: number;
    try {
      const session = await this.authenticate.session(upgradeToken(request.headers, url));
      agent = session.agent;
      expiresAtMs = session.expiresAt.getTime();
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      if (status >= 500) this.logger.error({ err: error }, 'WebSocket authentication failed');
      refuse(socket, status, body);
      return;
    }
    if (this.socketCount(agent.id) >= this.config.AGENT_MAX_SOCKETS) {
      refuse(socket, 429, tooManySockets(this.config.AGENT_MAX_SOCKETS));
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(agent, ws, expiresAtMs));
  }

  private socketCount(agentId: string): number {
    return this.byAgent.get(agentId)?.size ?? 0;
  }

  private accept(agent: AuthenticatedAgent, socket: WebSocket, expiresAtMs: number): void {
    // Upgrades checked at the same time may all have passed the count above.
    if (this.socketCount(agent.id) >= this.config.AGENT_MAX_SOCKETS) {
      socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, 'too many sockets for this agent');
      return;
    }
    // A socket lives no longer than the token that opened it: the client logs in again and
    // reconnects, so a revoked or expired session stops receiving pushes.
    const expiry = setTimeout(
      () => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'token expired; log in again'),
      Math.max(0, expiresAtMs - Date.now()),
    );
    expiry.unref();
    const sockets = this.byAgent.get(agent.id) ?? new Set<WebSocket>();
    sockets.add(socket);
    this.byAgent.set(agent.id, sockets);
    this.answeredPing.set(socket, true);
    socket.on('pong', () => this.answeredPing.set(socket, true));
    socket.on('error', (error) => this.logger.debug({ err: error, agentId: agent.id }, 'socket error'));
    socket.once('close', () => {
      clearTimeout(expiry);
      sockets.delete(socket);
      if (sockets.size === 0 && this.byAgent.get(agent.id) === sockets) this.byAgent.delete(agent.id);
    });
    socket.send(JSON.stringify({ type: 'ready', data: { agentId: agent.id }, at: new Date().toISOString() }));
    for (const listener of this.connectListeners) listener(agent.id);
  }

  /** Drops sockets that did not answer the last ping (a vanished laptop never sends a close). */
  private sweep(): void {
    for (const sockets of this.byAgent.values()) {
      for (const socket of sockets) {
        if (this.answeredPing.get(socket) === false) {
          socket.terminate();
          continue;
        }
        this.answeredPing.set(socket, false);
        socket.ping();
      }
    }
  }
}

/**
 * The refusal of a socket over the per-agent limit: the new one is refused, not the oldest
 * closed, so a stolen token cannot push the agent's own tabs off, and two tabs that keep
 * reconnecting do not take turns closing each other.
 */
function tooManySockets(limit: number): object {
  return {
    error: {
      code: AgentErrorCodes.TOO_MANY_SOCKETS,
      message: `at most ${limit} sockets per agent on one gateway; close another tab or device`,
      details: { limit },
    },
  };
}

/** Answers an upgrade request with a plain HTTP error in the one error shape, and hangs up. */
function refuse(socket: Duplex, status: number, body: object): void {
  if (socket.destroyed) return;
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function isHttpServer(value: unknown): value is Server {
  return value instanceof Server;
}
