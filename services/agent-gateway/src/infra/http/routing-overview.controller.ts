import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors } from '@threadline/platform';
import { RoutingOverviewUseCase } from '../../app/routing-overview.use-case';
import { ROUTING_OBSERVER_ROLES } from '../../domain/routing-access';
import { AllowedRoles } from './allowed-roles.decorator';
import { AuthenticationErrors, dependencyUnavailable } from './api-errors';
import { RoutingOverviewDto } from './dto/routing-overview.dto';

@ApiTags('routing')
@ApiAuth('agent')
@AuthenticationErrors
@AllowedRoles({ roles: ROUTING_OBSERVER_ROLES, refusal: 'only managers and admins see routing’s overview' })
@Controller('routing')
export class RoutingOverviewController {
  constructor(private readonly overview: RoutingOverviewUseCase) {}

  @Get('overview')
  @ApiOperation({
    summary: 'Every queue’s backlog and who can take work (managers and admins)',
    description:
      'Live from routing: per queue, the items waiting, offered and assigned, the oldest wait and the members available; ' +
      'per agent, their presence, load, capacity and when they were last seen. See docs/routing.md.',
  })
  @ApiOkResponse({ type: RoutingOverviewDto })
  @ApiErrors(dependencyUnavailable('routing'))
  get(): Promise<RoutingOverviewDto> {
    return this.overview.execute();
  }
}
