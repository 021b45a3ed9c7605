import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ROLES, type AgentRole, type AuthenticatedAgent } from '../../../domain/agent';

export class LoginRequestDto {
  @ApiProperty({ example: 'alice', maxLength: 100, description: 'Case-insensitive' })
  username!: string;

  @ApiProperty({ example: 'threadline-demo', format: 'password', maxLength: 1024 })
  password!: string;
}

export class AgentDto implements AuthenticatedAgent {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: 'Alice' })
  displayName!: string;

  @ApiProperty({ enum: AGENT_ROLES })
  role!: AgentRole;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for every other endpoint and for the WebSocket (HS256 JWT)' })
  token!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: () => AgentDto })
  agent!: AgentDto;
}
