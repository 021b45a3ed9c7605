import type { z } from 'zod';

/**
 * A question one service answers for others over NATS request/reply (never JetStream):
 * subject `<domain>.<aggregate>.<question>.v<major>`, a request schema and a response schema.
 */
export interface QueryDefinition<Request = unknown, Response = unknown> {
  subject: string;
  summary: string;
  request: z.ZodType<Request>;
  response: z.ZodType<Response>;
}

export function defineQuery<Request, Response>(
  subject: string,
  summary: string,
  request: z.ZodType<Request>,
  response: z.ZodType<Response>,
): QueryDefinition<Request, Response> {
  if (!/^[a-z]+\.[a-z-]+\.[a-z-]+\.v[1-9][0-9]*$/.test(subject)) {
    throw new Error(`query subject must be <domain>.<aggregate>.<question>.v<major>, got ${subject}`);
  }
  return { subject, summary, request, response };
}

export type RequestOf<Q> = Q extends QueryDefinition<infer Request, unknown> ? Request : never;
export type ResponseOf<Q> = Q extends QueryDefinition<unknown, infer Response> ? Response : never;

/** The reply on the wire: the answer, or an error in the same shape as every HTTP error. */
export type QueryReply<Response> =
  | { ok: true; data: Response }
  | { ok: false; error: { code: string; message: string; details?: unknown; status?: number } };
