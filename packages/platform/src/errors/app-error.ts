/**
 * An error a client can act on: a stable `code` (documented in OpenAPI), an HTTP status and
 * a message for people. Anything else that escapes a handler is an internal error.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * A refusal the client may try again after `retryAfterSeconds` (a rate limit): the error filter
 * sends the wait as the `Retry-After` header, in whole seconds.
 */
export class RetryLaterError extends AppError {
  constructor(
    code: string,
    status: number,
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
  ) {
    super(code, status, message, details);
  }
}

export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_BODY: 'MALFORMED_BODY',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_FORM_FIELDS: 'TOO_MANY_FORM_FIELDS',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A client too slow to send its request's body (HTTP_BODY_TIMEOUT_MS). */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  NOT_READY: 'NOT_READY',
  /** A server the service needs (Postgres, above all) is unreachable; nothing was done: retry. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const codeByStatus: Record<number, string> = {
  400: ErrorCodes.VALIDATION_FAILED,
  401: ErrorCodes.UNAUTHENTICATED,
  403: ErrorCodes.FORBIDDEN,
  404: ErrorCodes.NOT_FOUND,
  408: ErrorCodes.REQUEST_TIMEOUT,
  409: ErrorCodes.CONFLICT,
  413: ErrorCodes.PAYLOAD_TOO_LARGE,
  415: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCodes.RATE_LIMITED,
  503: ErrorCodes.NOT_READY,
};

export function defaultCodeForStatus(status: number): string {
  return codeByStatus[status] ?? (status >= 500 ? ErrorCodes.INTERNAL_ERROR : ErrorCodes.VALIDATION_FAILED);
}
