import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { requireRole } from '../../app/require-role';
import type { AgentRole } from '../../domain/agent';
import type { AgentRequest } from './agent-auth.guard';

/** Which roles may use a route, and what the others are told. */
export interface RolePolicy {
  roles: readonly AgentRole[];
  /** The 403's message and its OpenAPI description, e.g. "only admins configure routing". */
  refusal: string;
}

export const ROLE_POLICY = 'agent-gateway:role-policy';

/**
 * 403 ROLE_NOT_ALLOWED for an agent whose role the route's {@link RolePolicy} does not list.
 * Runs after AgentAuthGuard (it reads the agent that guard remembered); see AllowedRoles.
 */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.getAllAndOverride<RolePolicy | undefined>(ROLE_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw new Error('RoleGuard used on a route without a role policy (AllowedRoles)');
    const agent = context.switchToHttp().getRequest<AgentRequest>().agent;
    if (!agent) throw new Error('RoleGuard ran before AgentAuthGuard');
    requireRole(agent, policy.roles, policy.refusal);
    return true;
  }
}
