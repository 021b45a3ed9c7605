/**
 * Whether an error means a server the service needs could not be reached at all: above all
 * Postgres (down, restarting, refusing connections, or no pool connection free in time), and
 * any connection that was refused or cut, as opposed to a statement or a request that failed.
 * The request's transaction did not commit then, so the answer is "try again later" (HTTP 503
 * with Retry-After) rather than an internal fault; a provider retries a webhook answered so.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  for (const candidate of causeChain(error)) {
    const code = stringProperty(candidate, 'code');
    if (code !== undefined && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (code !== undefined && SOCKET_ERRORS.has(code)) return true;
    const message = stringProperty(candidate, 'message');
    if (message !== undefined && PG_CONNECTION_MESSAGES.some((known) => message.includes(known))) return true;
  }
  return false;
}

/** How long a client is asked to wait before retrying while a server is away (a Postgres restart takes seconds). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs of a server that is going away or cannot take the connection; class 08
 * (connection exception) is matched by prefix.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping, or an operator ended the backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
]);

/** Node's errors for a TCP connection that could not be made or was cut. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/** What node-postgres, its pool and ioredis say (without a code) when a connection fails or never comes. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  // ioredis, whose commands fail at once while Redis is away (no offline queue).
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Reached the max retries per request limit',
  'Connection is closed.',
];

/** The error, what TypeORM wrapped (`driverError`), the `cause`s, and an AggregateError's members. */
function* causeChain(error: unknown, depth = 0): Generator<unknown> {
  if (error === null || typeof error !== 'object' || depth > 5) return;
  yield error;
  const record = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  yield* causeChain(record.driverError, depth + 1);
  yield* causeChain(record.cause, depth + 1);
  if (Array.isArray(record.errors)) for (const inner of record.errors) yield* causeChain(inner, depth + 1);
}

function stringProperty(value: unknown, key: string): string | undefined {
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}
