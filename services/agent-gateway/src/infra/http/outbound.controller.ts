import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors, CONFIG, ErrorCodes } from '@threadline/platform';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { PrecheckOutboundUseCase } from '../../app/precheck-outbound.use-case';
import { StartOutboundConversationUseCase } from '../../app/start-outbound-conversation.use-case';
import type { AgentGatewayConfig } from '../../config';
import type { AuthenticatedAgent } from '../../domain/agent';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AuthenticationErrors, dependencyUnavailable } from './api-errors';
import {
  OutboundPrecheckDto,
  OutboundPrecheckRequestDto,
  StartedOutboundDto,
  StartOutboundRequestDto,
} from './dto/outbound.dto';
import { outboundPrecheckRequest, startOutboundRequest } from './requests';
import { parseWith } from './validation';

/** Refusals of the pair and the user, shared by the pre-check and the start. */
const targetRefusals = [
  {
    status: 403,
    codes: [Codes.COMPANY_NUMBER_NOT_ALLOWED],
    description: 'Not a company number I may start from (GET /me/company-numbers)',
  },
  { status: 404, codes: [Codes.USER_NOT_FOUND], description: 'userId names no directory user' },
];

const badTarget = [
  ErrorCodes.MALFORMED_BODY,
  Codes.VALIDATION_FAILED,
  Codes.PHONE_NUMBER_INVALID,
  Codes.USER_HAS_NO_MOBILE,
];

@ApiTags('outbound')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller('outbound')
export class OutboundController {
  private readonly startRequest: ReturnType<typeof startOutboundRequest>;

  constructor(
    private readonly precheckOutbound: PrecheckOutboundUseCase,
    private readonly startOutbound: StartOutboundConversationUseCase,
    @Inject(CONFIG) config: AgentGatewayConfig,
  ) {
    this.startRequest = startOutboundRequest(config.AGENT_MESSAGE_MAX_CHARS);
  }

  @Post('precheck')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What starting an SMS to a number would do (SPEC A1–A4)',
    description:
      'Changes nothing. Normalises the number, checks the company number is mine, and answers the rule, its warning (A3/A4: confirm before sending), who the number is attributed to now, and the pair’s ongoing conversation.',
  })
  @ApiBody({ type: OutboundPrecheckRequestDto })
  @ApiOkResponse({ type: OutboundPrecheckDto })
  @ApiErrors(
    {
      status: 400,
      codes: badTarget,
      description:
        'Neither `to` nor `userId`, a number that is not a phone number, or a user without a mobile',
    },
    ...targetRefusals,
    { status: 409, codes: [Codes.USER_INACTIVE], description: 'The user left the directory' },
    dependencyUnavailable('interaction or profile'),
  )
  async precheck(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Body() body: unknown,
  ): Promise<OutboundPrecheckDto> {
    return this.precheckOutbound.execute(agent, parseWith(outboundPrecheckRequest, body, 'the pre-check'));
  }

  @Post('conversations')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Start an SMS conversation, or join the number’s ongoing one (SPEC A1–A4)',
    description:
      'A1: a new conversation assigned to me. A2: my message joins the agent’s conversation the pair has (no reassignment). A3/A4: the pair’s conversation is closed and a new one assigned to me; A4 also moves the number to the user I picked. A3/A4 need `acknowledgeWarning: true`, else 409 CONFIRMATION_REQUIRED and nothing is sent or changed. Everything is checked before anything is sent; Ongoing lists the conversation as soon as this answers.',
  })
  @ApiBody({ type: StartOutboundRequestDto })
  @ApiCreatedResponse({ type: StartedOutboundDto })
  @ApiErrors(
    {
      status: 400,
      codes: badTarget,
      description:
        'A blank body or one over AGENT_MESSAGE_MAX_CHARS, neither `to` nor `userId`, a number that is not a phone number, or a user without a mobile',
    },
    ...targetRefusals,
    {
      status: 409,
      codes: [
        Codes.CONFIRMATION_REQUIRED,
        Codes.RECIPIENT_OPTED_OUT,
        Codes.USER_INACTIVE,
        Codes.INVALID_TRANSITION,
        Codes.CONFLICT,
      ],
      description:
        'A3/A4 not acknowledged (`details`: rule, warning, activeInteractionId); SPEC S2, the number opted out of this company number (`details`: since, source, keyword); the user left the directory; the pair’s conversation is in wrap-up and cannot be closed; the number’s profile changed while it was replaced (try again)',
    },
    {
      status: 422,
      codes: [Codes.MESSAGE_TOO_MANY_SEGMENTS],
      description:
        'SPEC S4: the text takes more SMS segments than interaction sends (SMS_MAX_SEGMENTS, 10 unless configured); `details`: segments, limit, encoding',
    },
    dependencyUnavailable('interaction or profile'),
  )
  async start(@CurrentAgent() agent: AuthenticatedAgent, @Body() body: unknown): Promise<StartedOutboundDto> {
    return this.startOutbound.execute(agent, parseWith(this.startRequest, body, 'the message'));
  }
}
