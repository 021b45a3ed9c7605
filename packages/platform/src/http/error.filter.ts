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

/** Maps anything thrown while serving HTTP to the one error shape and a status. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
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
  return { status: 500, body: { error: { code: ErrorCodes.INTERNAL_ERROR, message: 'internal error' } } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) this.logger.error({ err: error }, 'request failed');
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof RetryLaterError) response.setHeader('retry-after', String(error.retryAfterSeconds));
    response.status(status).json(body);
  }
}
