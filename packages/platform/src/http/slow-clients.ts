import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ConfigError, type PlatformConfig } from '../config/config';
import { ErrorCodes } from '../errors/app-error';

export type HttpTimeoutSettings = Pick<
  PlatformConfig,
  | 'HTTP_HEADERS_TIMEOUT_MS'
  | 'HTTP_BODY_TIMEOUT_MS'
  | 'HTTP_REQUEST_TIMEOUT_MS'
  | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
>;

/** What the node:http server is given (its property names). */
export interface ServerTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  /** How often Node looks for requests past their time; its default, 30 s, would let a 10 s limit run to 40 s. */
  connectionsCheckingInterval: number;
}

/**
 * The server's timeouts from the settings. Node checks for expired requests on an interval, so
 * the interval is a tenth of the shortest limit (between 100 ms and Node's 30 s): a slow client
 * is cut off within 110% of its limit. Limits that cannot all hold (headers allowed longer than
 * the whole request) stop the service at start, naming the variable.
 */
export function serverTimeouts(settings: HttpTimeoutSettings): ServerTimeouts {
  const problems: ConfigError['problems'] = [];
  if (settings.HTTP_HEADERS_TIMEOUT_MS > settings.HTTP_REQUEST_TIMEOUT_MS)
    problems.push({
      variable: 'HTTP_HEADERS_TIMEOUT_MS',
      problem: 'must be at most HTTP_REQUEST_TIMEOUT_MS',
    });
  if (settings.HTTP_BODY_TIMEOUT_MS > settings.HTTP_REQUEST_TIMEOUT_MS)
    problems.push({ variable: 'HTTP_BODY_TIMEOUT_MS', problem: 'must be at most HTTP_REQUEST_TIMEOUT_MS' });
  if (problems.length > 0) throw new ConfigError(problems);
  const shortest = Math.min(settings.HTTP_HEADERS_TIMEOUT_MS, settings.HTTP_BODY_TIMEOUT_MS);
  return {
    headersTimeout: settings.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: settings.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: settings.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(shortest / 10))),
  };
}

/**
 * Sets the timeouts on a server before it listens: Node starts its checking interval when the
 * server starts listening, reading `connectionsCheckingInterval` then.
 */
export function applyServerTimeouts(server: Server, timeouts: ServerTimeouts): void {
  server.headersTimeout = timeouts.headersTimeout;
  server.requestTimeout = timeouts.requestTimeout;
  server.keepAliveTimeout = timeouts.keepAliveTimeout;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    timeouts.connectionsCheckingInterval;
}

const BODY_DEADLINE = Symbol('threadline.bodyDeadline');

interface WithBodyDeadline {
  [BODY_DEADLINE]?: NodeJS.Timeout | 'lifted';
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A deadline for the body of every request that has one, from the end of its headers: past it,
 * a request still arriving is answered 408 REQUEST_TIMEOUT (or, when the answer already went,
 * its connection is closed, since Node would otherwise read and drop the rest for as long as
 * the client trickles it). Node's own requestTimeout is one limit for every route, so it must
 * allow the largest upload; this one keeps every other request short. It is a `request`
 * listener put before the application's, so no middleware order can skip it; routes that take
 * large uploads lift it once they know the caller ({@link liftBodyTimeout}).
 */
export function bodyDeadline(timeoutMs: number) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (request.complete || !hasBody(request)) return;
    const timer = setTimeout(() => {
      if (request.complete) return;
      if (response.headersSent) {
        request.socket.destroy();
        return;
      }
      const body = JSON.stringify({
        error: {
          code: ErrorCodes.REQUEST_TIMEOUT,
          message: `the request body did not arrive within ${timeoutMs} ms`,
        },
      });
      response.writeHead(408, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      response.end(body, () => request.socket.destroy());
    }, timeoutMs);
    (request as IncomingMessage & WithBodyDeadline)[BODY_DEADLINE] = timer;
    const clear = () => clearTimeout(timer);
    request.once('end', clear);
    request.once('close', clear);
  };
}

/**
 * Lifts the body deadline from `request`: it may take up to HTTP_REQUEST_TIMEOUT_MS, as a large
 * upload needs. Call it only once the caller is known, so that strangers cannot hold
 * connections open that long.
 */
export function liftBodyTimeout(request: IncomingMessage): void {
  const marked = request as IncomingMessage & WithBodyDeadline;
  const deadline = marked[BODY_DEADLINE];
  if (deadline !== undefined && deadline !== 'lifted') clearTimeout(deadline);
  marked[BODY_DEADLINE] = 'lifted';
}
