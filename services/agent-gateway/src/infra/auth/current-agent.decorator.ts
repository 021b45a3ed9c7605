import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedAgent } from '../../domain/agent';
import type { AgentRequest } from './agent-auth.guard';

/** The agent {@link AgentAuthGuard} authenticated; only on routes behind that guard. */
export const CurrentAgent = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedAgent => {
    const agent = context.switchToHttp().getRequest<AgentRequest>().agent;
    if (!agent) throw new Error('CurrentAgent used on a route without AgentAuthGuard');
    return agent;
  },
);
