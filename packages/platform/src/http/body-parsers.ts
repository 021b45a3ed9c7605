import express, { type RequestHandler } from 'express';
import { AppError, defaultCodeForStatus, ErrorCodes } from '../errors/app-error';

/**
 * The most fields a form body may have (body-parser's own default, made explicit). Twilio's
 * webhooks carry a few dozen; counting stops here, so a hostile form costs no more to refuse.
 */
export const MAX_FORM_FIELDS = 1000;

/** body-parser's errors carry a `type` and a status; turn the ones a client caused into our codes. */
function toAppError(error: { type?: string; message?: string; status?: number }): unknown {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError(ErrorCodes.PAYLOAD_TOO_LARGE, 413, 'request body is too large');
    case 'parameters.too.many':
      return new AppError(
        ErrorCodes.TOO_MANY_FORM_FIELDS,
        413,
        `a form body may have at most ${MAX_FORM_FIELDS} fields`,
        { maxFields: MAX_FORM_FIELDS },
      );
    case 'entity.parse.failed':
      return new AppError(ErrorCodes.MALFORMED_BODY, 400, 'request body is not valid JSON');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 415, error.message ?? 'unsupported encoding');
    default:
      // Any other fault of the request (a body shorter than its Content-Length, ...) is still
      // the client's: a 4xx in the one error shape, never the 500 of an unknown error.
      if (error.status !== undefined && error.status >= 400 && error.status < 500) {
        const code = error.status === 400 ? ErrorCodes.MALFORMED_BODY : defaultCodeForStatus(error.status);
        return new AppError(code, error.status, 'request body could not be read');
      }
      return error;
  }
}

/** A request whose JSON body the parser also kept as received (see {@link rawBodyOf}). */
interface WithRawBody {
  rawBody?: Buffer;
}

/**
 * The bytes of a JSON request body exactly as they arrived, or undefined for a request without
 * one. A signature over the body (a provider's webhook) must be checked against these: parsed
 * and serialised again, JSON need not come out byte for byte the same.
 */
export function rawBodyOf(request: object): Buffer | undefined {
  return (request as WithRawBody).rawBody;
}

function wrap(parser: RequestHandler): RequestHandler {
  return (request, response, next) =>
    parser(request, response, (error?: unknown) => next(error ? toAppError(error) : undefined));
}

/**
 * JSON and form bodies up to `limitBytes` (forms of at most MAX_FORM_FIELDS fields). Parse
 * errors become AppErrors here: NestJS would otherwise turn them into a generic 400 that no
 * longer says what went wrong, or a 500.
 */
export function bodyParsers(limitBytes: number): RequestHandler[] {
  return [
    wrap(
      express.json({
        limit: limitBytes,
        verify: (request, _response, body) => {
          (request as WithRawBody).rawBody = body;
        },
      }),
    ),
    wrap(express.urlencoded({ limit: limitBytes, extended: false, parameterLimit: MAX_FORM_FIELDS })),
  ];
}
