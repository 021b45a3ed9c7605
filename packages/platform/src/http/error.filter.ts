import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import {
  AppError,
  type ErrorBody,
  ErrorCodes,
  RetryLaterError,
  defaultCodeForStatus,
} from '../errors/app-error';
import { isDependencyUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors/dependency-unavailable';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** Maps anything thrown while serving HTTP to the one error shape, a status and any headers. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    if (error instanceof RetryLaterError)
      return { status: error.status, body, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
    return { status: error.status, body };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String(response.message)
        : error.message;
    return { status, body: { error: { code: defaultCodeForStatus(status), message } } };
  }
  if (isDependencyUnavailable(error)) {
    // Every service answers an outage the same way, and a webhook's provider retries it.
    return {
      status: 503,
      body: {
        error: {
          code: ErrorCodes.SERVICE_UNAVAILABLE,
          message: 'a server this service needs is unavailable; nothing was done, retry later',
        },
      },
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    };
  }
  return { status: 500, body: { error: { code: ErrorCodes.INTERNAL_ERROR, message: 'internal error' } } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body, headers } = toErrorResponse(error);
    if (body.error.code === ErrorCodes.SERVICE_UNAVAILABLE)
      this.logger.warn({ err: error }, 'request refused: a dependency is unavailable');
    else if (status >= 500) this.logger.error({ err: error }, 'request failed');
    const response = host.switchToHttp().getResponse<Response>();
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(status).json(body);
  }
}
