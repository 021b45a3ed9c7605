import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors } from '@threadline/platform';
import { AgentPromptsUseCase } from '../../app/agent-prompts.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { ListCompanyNumbersUseCase } from '../../app/list-company-numbers.use-case';
import { MessageLimitsUseCase } from '../../app/message-limits.use-case';
import { ReportPresenceUseCase } from '../../app/report-presence.use-case';
import { SetPresenceUseCase } from '../../app/set-presence.use-case';
import type { AuthenticatedAgent } from '../../domain/agent';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AuthenticationErrors, bodyErrors, dependencyUnavailable, validationError } from './api-errors';
import { AgentDto } from './dto/auth.dto';
import { CompanyNumbersDto, MessageLimitsDto } from './dto/outbound.dto';
import { HeartbeatDto, PresenceRequestDto, PresenceResponseDto } from './dto/presence.dto';
import { AgentPromptDto, AgentPromptsDto } from './dto/prompts.dto';
import { presenceRequest } from './requests';
import { parseId, parseWith } from './validation';

@ApiTags('me')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller('me')
export class MeController {
  constructor(
    private readonly setPresence: SetPresenceUseCase,
    private readonly listCompanyNumbers: ListCompanyNumbersUseCase,
    private readonly reportPresence: ReportPresenceUseCase,
    private readonly prompts: AgentPromptsUseCase,
    private readonly messageLimits: MessageLimitsUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The agent the token belongs to' })
  @ApiOkResponse({ type: AgentDto })
  me(@CurrentAgent() agent: AuthenticatedAgent): AgentDto {
    return agent;
  }

  @Get('company-numbers')
  @ApiOperation({
    summary: 'The company numbers I may start SMS conversations from',
    description:
      'Agents: the numbers listed for them. Managers and admins: every number listed for anyone. `default` is set when exactly one is allowed, to pre-fill the new-SMS dialog.',
  })
  @ApiOkResponse({ type: CompanyNumbersDto })
  companyNumbers(@CurrentAgent() agent: AuthenticatedAgent): Promise<CompanyNumbersDto> {
    return this.listCompanyNumbers.execute(agent);
  }

  @Get('message-limits')
  @ApiOperation({
    summary: 'What my texts are held to (SPEC S4)',
    description:
      'The composer counts segments as the API does (countSegments in @threadline/contracts) and refuses a text over `maxSegments` before sending.',
  })
  @ApiOkResponse({ type: MessageLimitsDto })
  @ApiErrors(dependencyUnavailable('interaction'))
  limits(): Promise<MessageLimitsDto> {
    return this.messageLimits.execute();
  }

  @Put('presence')
  @ApiOperation({
    summary: 'Set my presence (SPEC W3)',
    description:
      'Routing records it and answers; an agent who moves to a state that receives work may be offered work at once. ' +
      'Besides the built-in `available`, `away` and `offline`, admins may add presence states (see docs/routing.md).',
  })
  @ApiBody({ type: PresenceRequestDto })
  @ApiOkResponse({ type: PresenceResponseDto })
  @ApiErrors(
    bodyErrors(
      'presence is not a presence name (lowercase letters, digits and _), or routing has no state of that name',
      [Codes.PRESENCE_UNKNOWN],
    ),
    dependencyUnavailable('routing'),
  )
  async presence(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Body() body: unknown,
  ): Promise<PresenceResponseDto> {
    const { presence } = parseWith(presenceRequest, body, 'the presence');
    return this.setPresence.execute(agent.id, presence);
  }

  @Post('heartbeat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'I am here (SPEC W3), for clients without a WebSocket',
    description:
      'An open WebSocket counts as present by itself: the gateway reports its agents to routing every ' +
      'AGENT_GATEWAY_HEARTBEAT_INTERVAL_MS. A client without one calls this instead, often enough that routing ' +
      'does not take the agent offline for silence. See docs/routing.md.',
  })
  @ApiOkResponse({ type: HeartbeatDto })
  @ApiErrors(dependencyUnavailable('routing'))
  heartbeat(@CurrentAgent() agent: AuthenticatedAgent): Promise<HeartbeatDto> {
    return this.reportPresence.execute([agent.id]);
  }

  @Get('prompts')
  @ApiOperation({
    summary: 'My prompts from messaging actions (SPEC M5)',
    description:
      'A messaging action of kind `prompt_agent` leaves a prompt for the agent who holds the conversation when its timer fires; ' +
      'each also comes as a `prompt.created` push. Listed until dismissed, newest first. See docs/messaging-actions.md.',
  })
  @ApiOkResponse({ type: AgentPromptsDto })
  async listPrompts(@CurrentAgent() agent: AuthenticatedAgent): Promise<AgentPromptsDto> {
    return { prompts: await this.prompts.list(agent.id) };
  }

  @Post('prompts/:promptId/dismiss')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dismiss one of my prompts (SPEC M5)',
    description:
      'It leaves the list, and my other sockets get a `prompt.dismissed` push. Dismissing it again answers the same record.',
  })
  @ApiParam({ name: 'promptId', format: 'uuid' })
  @ApiOkResponse({ type: AgentPromptDto, description: 'The prompt, dismissed' })
  @ApiErrors(validationError('promptId is not a uuid'), {
    status: 404,
    codes: [Codes.PROMPT_NOT_FOUND],
    description: 'Unknown, or someone else’s (the two are not told apart)',
  })
  dismissPrompt(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('promptId') promptId: string,
  ): Promise<AgentPromptDto> {
    return this.prompts.dismiss(agent.id, parseId(promptId, 'promptId'));
  }
}
