import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ROLES, type AgentRole } from '../../../domain/agent';
import { AgentDto } from './auth.dto';
import { CompanyNumberDto } from './outbound.dto';

export class AgentAccountDto extends AgentDto {
  @ApiProperty({ description: 'An inactive account cannot sign in' })
  active!: boolean;
}

export class AgentAccountsDto {
  @ApiProperty({ type: [AgentAccountDto], description: 'By display name' })
  agents!: AgentAccountDto[];
}

export class CompanyNumberAgentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: 'Alice' })
  displayName!: string;
}

export class AdminCompanyNumberDto extends CompanyNumberDto {
  @ApiProperty({
    type: [CompanyNumberAgentDto],
    description: 'The agents it is listed for, by display name',
  })
  agents!: CompanyNumberAgentDto[];
}

export class AdminCompanyNumbersDto {
  @ApiProperty({ type: [AdminCompanyNumberDto], description: 'By label' })
  items!: AdminCompanyNumberDto[];

  @ApiProperty({
    enum: AGENT_ROLES,
    isArray: true,
    example: ['manager', 'admin'],
    description: 'Roles that may use every number listed here, whoever it is listed for',
  })
  everyNumberRoles!: AgentRole[];
}
