import { applyDecorators } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '@threadline/platform';
import { ROUTING_ADMIN_ROLES } from '../../domain/routing-access';
import { AllowedRoles } from './allowed-roles.decorator';
import { AuthenticationErrors, dependencyUnavailable } from './api-errors';

/**
 * What every controller of the routing admin API shares: its tag, the agent token, and admins
 * only (a 403 before anything else is read). Routing owns what they configure.
 */
export function RoutingAdminApi(): ClassDecorator {
  return applyDecorators(
    ApiTags('routing-admin'),
    ApiAuth('agent'),
    AuthenticationErrors,
    AllowedRoles({ roles: ROUTING_ADMIN_ROLES, refusal: 'only admins configure routing' }),
  );
}

export const routingUnavailable = dependencyUnavailable('routing');
