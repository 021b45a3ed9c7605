import {
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  RequestError,
  type Subscription,
  TimeoutError,
} from '@nats-io/transport-node';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { QueryDefinition, QueryReply } from '@threadline/contracts';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, ErrorCodes } from '../errors/app-error';
import { contextFromNatsHeaders, injectIntoNatsHeaders } from '../telemetry/propagation';
import { platformTracer } from '../telemetry/tracer';
import type { Namespace } from './namespace';

export const QueryErrorCodes = {
  QUERY_REQUEST_INVALID: 'QUERY_REQUEST_INVALID',
  QUERY_RESPONSE_INVALID: 'QUERY_RESPONSE_INVALID',
  QUERY_NO_RESPONDERS: 'QUERY_NO_RESPONDERS',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
} as const;

/** What a query's caller gets when it fails: the code the answering service chose, or ours. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The HTTP status the answering service gave this error, for gateways that pass it on. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Queries travel under `q.` so that they never fall into a JetStream stream: every stream owns
 * `<domain>.>`, and a request captured by one would be answered by the stream's publish ack.
 */
export function querySubject(ns: Namespace, query: QueryDefinition): string {
  return ns.subject(`q.${query.subject}`);
}

export type QueryHandler<Request, Response> = (request: Request, logger: Logger) => Promise<Response>;

function issues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function encode(reply: QueryReply<unknown>): string {
  return JSON.stringify(reply);
}

/**
 * Answers a query on its subject in a queue group named after the service, so each request
 * is answered by one replica. Bad requests and handler errors become error replies with
 * stable codes; an unexpected error is logged and answered as INTERNAL_ERROR without detail.
 */
export function serveQuery<Request, Response>(
  nc: NatsConnection,
  ns: Namespace,
  service: string,
  query: QueryDefinition<Request, Response>,
  handler: QueryHandler<Request, Response>,
  logger: Logger,
): Subscription {
  const answer = async (message: Msg): Promise<QueryReply<Response>> => {
    let raw: unknown;
    try {
      raw = message.json();
    } catch {
      return {
        ok: false,
        error: { code: QueryErrorCodes.QUERY_REQUEST_INVALID, message: 'request is not JSON' },
      };
    }
    const request = query.request.safeParse(raw);
    if (!request.success) {
      return {
        ok: false,
        error: {
          code: QueryErrorCodes.QUERY_REQUEST_INVALID,
          message: `request does not match ${query.subject}`,
          details: issues(request.error),
        },
      };
    }
    try {
      return { ok: true, data: await handler(request.data, logger) };
    } catch (error) {
      if (error instanceof AppError) {
        return {
          ok: false,
          error: { code: error.code, message: error.message, details: error.details, status: error.status },
        };
      }
      logger.error({ err: error, query: query.subject }, 'query handler failed');
      return { ok: false, error: { code: ErrorCodes.INTERNAL_ERROR, message: 'internal error' } };
    }
  };

  return nc.subscribe(querySubject(ns, query), {
    queue: service,
    callback: (error, message) => {
      if (error) {
        logger.error({ err: error, query: query.subject }, 'query subscription failed');
        return;
      }
      const span = platformTracer().startSpan(
        `serve ${query.subject}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'messaging.system': 'nats', 'messaging.destination.name': query.subject },
        },
        contextFromNatsHeaders(message.headers),
      );
      void context
        .with(trace.setSpan(context.active(), span), () => answer(message))
        .then((reply) => {
          if (!reply.ok) span.setAttribute('threadline.error_code', reply.error.code);
          message.respond(encode(reply));
        })
        .finally(() => span.end());
    },
  });
}

/**
 * Asks a query and returns the validated answer, or throws a {@link QueryError}: the
 * answering service's code, QUERY_NO_RESPONDERS when nobody serves the subject,
 * QUERY_TIMEOUT, or QUERY_RESPONSE_INVALID when the answer breaks the contract.
 */
export async function requestQuery<Request, Response>(
  nc: NatsConnection,
  ns: Namespace,
  query: QueryDefinition<Request, Response>,
  request: Request,
  timeoutMs = 5_000,
): Promise<Response> {
  const checked = query.request.safeParse(request);
  if (!checked.success) {
    throw new QueryError(
      QueryErrorCodes.QUERY_REQUEST_INVALID,
      `request does not match ${query.subject}`,
      issues(checked.error),
    );
  }
  const span = platformTracer().startSpan(`request ${query.subject}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'messaging.system': 'nats', 'messaging.destination.name': query.subject },
  });
  try {
    const headers = natsHeaders();
    injectIntoNatsHeaders(trace.setSpan(context.active(), span), headers);
    let message: Msg;
    try {
      message = await nc.request(querySubject(ns, query), JSON.stringify(checked.data), {
        timeout: timeoutMs,
        headers,
      });
    } catch (error) {
      if (error instanceof RequestError && error.isNoResponders()) {
        throw new QueryError(QueryErrorCodes.QUERY_NO_RESPONDERS, `nobody answers ${query.subject}`);
      }
      if (error instanceof TimeoutError || (error as Error)?.cause instanceof TimeoutError) {
        throw new QueryError(
          QueryErrorCodes.QUERY_TIMEOUT,
          `${query.subject} did not answer within ${timeoutMs} ms`,
        );
      }
      throw error;
    }
    const reply = message.json<QueryReply<unknown>>();
    if (!reply.ok) {
      throw new QueryError(reply.error.code, reply.error.message, reply.error.details, reply.error.status);
    }
    const data = query.response.safeParse(reply.data);
    if (!data.success) {
      throw new QueryError(
        QueryErrorCodes.QUERY_RESPONSE_INVALID,
        `answer does not match ${query.subject}`,
        issues(data.error),
      );
    }
    return data.data;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
