import express, { type RequestHandler } from 'express';
import { AppError, ErrorCodes } from '../errors/app-error';

/** body-parser's errors carry a `type`; turn the ones a client caused into our codes. */
function toAppError(error: { type?: string; message?: string }): unknown {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError(ErrorCodes.PAYLOAD_TOO_LARGE, 413, 'request body is too large');
    case 'entity.parse.failed':
      return new AppError(ErrorCodes.MALFORMED_BODY, 400, 'request body is not valid JSON');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, error.message ?? 'unsupported encoding');
    default:
      return error;
  }
}

function wrap(parser: RequestHandler): RequestHandler {
  return (request, response, next) =>
    parser(request, response, (error?: unknown) => next(error ? toAppError(error) : undefined));
}

/**
 * JSON and form bodies up to `limitBytes`. Parse errors become AppErrors here: NestJS
 * would otherwise turn them into a generic 400 that no longer says what went wrong.
 */
export function bodyParsers(limitBytes: number): RequestHandler[] {
  return [
    wrap(express.json({ limit: limitBytes })),
    wrap(express.urlencoded({ limit: limitBytes, extended: false })),
  ];
}
