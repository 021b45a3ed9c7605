import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiErrors } from '@threadline/platform';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { ROLE_POLICY, type RolePolicy, RoleGuard } from '../auth/role.guard';

/**
 * Authenticates the agent and lets only `policy.roles` through, and documents the 403. The role
 * is checked before any parameter or body is read, so a refused caller gets 403 whatever it sent,
 * and the owner is never asked. Takes the place of `@UseGuards(AgentAuthGuard)`: both guards are
 * listed here so that they run in this order.
 */
export function AllowedRoles(policy: RolePolicy): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(ROLE_POLICY, policy),
    UseGuards(AgentAuthGuard, RoleGuard),
    ApiErrors({ status: 403, codes: [Codes.ROLE_NOT_ALLOWED], description: policy.refusal }),
  );
}
