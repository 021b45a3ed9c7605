import { AppError } from '@threadline/platform';
import type { AgentRole, AuthenticatedAgent } from '../domain/agent';
import { AgentErrorCodes } from './error-codes';

/**
 * 403 ROLE_NOT_ALLOWED unless the agent's role is one of `allowed`. `refusal` says what only
 * those roles may do; `details` names the agent's role and the allowed ones, so a client can
 * tell a role refusal from a refusal about one record.
 */
export function requireRole(
  agent: Pick<AuthenticatedAgent, 'role'>,
  allowed: readonly AgentRole[],
  refusal: string,
): void {
  if (allowed.includes(agent.role)) return;
  throw new AppError(AgentErrorCodes.ROLE_NOT_ALLOWED, 403, refusal, {
    role: agent.role,
    allowed: [...allowed],
  });
}
