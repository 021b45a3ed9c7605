import type { QueryDefinition } from '@threadline/contracts';
import { AppError, QueryError, QueryErrorCodes } from '@threadline/platform';
import { AgentErrorCodes } from './error-codes';

/** The part of the runtime that asks other services; a fake in unit tests. */
export interface QueryAsker {
  ask<Request, Response>(
    query: QueryDefinition<Request, Response>,
    request: Request,
    timeoutMs?: number,
  ): Promise<Response>;
}

/**
 * What an agent is told when a command's owner refuses or fails: the owner's own code and
 * status for a refusal it chose (4xx), 503 when nobody answered in time. Anything else (a
 * broken contract, the owner's internal error) is our problem, so it stays an internal error.
 */
export function toAgentError(error: unknown, query: QueryDefinition): unknown {
  if (!(error instanceof QueryError)) return error;
  const owner = query.subject.split('.')[0] ?? query.subject;
  if (
    error.code === QueryErrorCodes.QUERY_NO_RESPONDERS ||
    error.code === QueryErrorCodes.QUERY_TIMEOUT ||
    error.status === 503
  ) {
    return new AppError(AgentErrorCodes.DEPENDENCY_UNAVAILABLE, 503, `${owner} is not answering; try again`, {
      dependency: owner,
      reason: error.code,
    });
  }
  if (error.status !== undefined && error.status >= 400 && error.status < 500) {
    return new AppError(error.code, error.status, error.message, error.details);
  }
  return error;
}

/**
 * Asks the owner of a command and answers with its result, or throws what the agent should see.
 * `timeoutMs` is the platform's default (5 s) unless the command is known to take longer.
 */
export async function askOwner<Request, Response>(
  asker: QueryAsker,
  query: QueryDefinition<Request, Response>,
  request: Request,
  timeoutMs?: number,
): Promise<Response> {
  try {
    return await asker.ask(query, request, timeoutMs);
  } catch (error) {
    throw toAgentError(error, query);
  }
}
