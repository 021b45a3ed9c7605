import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '@threadline/platform';
import { ListAgentAccountsUseCase } from '../../app/list-agent-accounts.use-case';
import { ListAllCompanyNumbersUseCase } from '../../app/list-all-company-numbers.use-case';
import { ACCOUNT_ADMIN_ROLES } from '../../domain/admin-access';
import { AllowedRoles } from './allowed-roles.decorator';
import { AuthenticationErrors } from './api-errors';
import { AgentAccountsDto, AdminCompanyNumbersDto } from './dto/admin.dto';

/**
 * What agent-gateway itself keeps that admins read while configuring the other services: the
 * agent accounts (to pick queue members and capacities by name) and the company numbers.
 */
@ApiTags('admin')
@ApiAuth('agent')
@AuthenticationErrors
@AllowedRoles({ roles: ACCOUNT_ADMIN_ROLES, refusal: 'only admins list every agent and company number' })
@Controller('admin')
export class AdminAccountsController {
  constructor(
    private readonly agents: ListAgentAccountsUseCase,
    private readonly numbers: ListAllCompanyNumbersUseCase,
  ) {}

  @Get('agents')
  @ApiOperation({
    summary: 'Every agent account (admins)',
    description:
      'Id, username, display name, role and whether the account is active, so that queue members and capacities are picked by name. ' +
      'Capacities and load are routing’s: see GET /routing/overview.',
  })
  @ApiOkResponse({ type: AgentAccountsDto })
  async listAgents(): Promise<AgentAccountsDto> {
    return { agents: await this.agents.execute() };
  }

  @Get('company-numbers')
  @ApiOperation({
    summary: 'Every company number and the agents who may start conversations from it (admins)',
    description:
      'Read-only: the numbers come from the seed. Managers and admins may use every number (`everyNumberRoles`). ' +
      'A number’s greeting, closing message and virtual agent (with its topics) are the interaction service’s settings, ' +
      'read from the file INTERACTION_COMPANY_NUMBERS_FILE at its start; see docs/virtual-agent.md.',
  })
  @ApiOkResponse({ type: AdminCompanyNumbersDto })
  listCompanyNumbers(): Promise<AdminCompanyNumbersDto> {
    return this.numbers.execute();
  }
}
