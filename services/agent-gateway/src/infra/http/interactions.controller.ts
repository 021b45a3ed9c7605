import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiAuth, ApiErrors, CONFIG, ErrorCodes } from '@threadline/platform';
import { AgentErrorCodes } from '../../app/error-codes';
import {
  ChangeConversationStateUseCase,
  type LifecycleCommand,
} from '../../app/change-conversation-state.use-case';
import { InteractionTimersUseCase } from '../../app/interaction-timers.use-case';
import { ListOngoingUseCase } from '../../app/list-ongoing.use-case';
import { OpenInteractionUseCase } from '../../app/open-interaction.use-case';
import { SendMessageUseCase } from '../../app/send-message.use-case';
import { TransferConversationUseCase } from '../../app/transfer-conversation.use-case';
import type { AgentGatewayConfig } from '../../config';
import type { AuthenticatedAgent } from '../../domain/agent';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AuthenticationErrors, bodyErrors, dependencyUnavailable, validationError } from './api-errors';
import {
  ConversationSummaryDto,
  EndConversationRequestDto,
  InteractionDetailDto,
  OngoingListDto,
  SendMessageRequestDto,
  SentMessageDto,
  TransferConversationRequestDto,
} from './dto/interactions.dto';
import { InteractionTimersDto } from './dto/messaging-actions.dto';
import { interactionTimersQuery } from './messaging-action-requests';
import { endConversationRequest, sendMessageRequest, transferConversationRequest } from './requests';
import { parseId, parseWith } from './validation';

/** What interaction answers when a lifecycle command cannot apply. */
const lifecycleRefusals = [
  {
    status: 403,
    codes: [AgentErrorCodes.NOT_ASSIGNEE],
    description: 'Not your conversation, and you are not a manager or admin',
  },
  { status: 404, codes: [AgentErrorCodes.INTERACTION_NOT_FOUND], description: 'No such conversation' },
  {
    status: 409,
    codes: [AgentErrorCodes.INTERACTION_CLOSED, AgentErrorCodes.INVALID_TRANSITION],
    description: 'Already ended, or its state does not allow it (hold what is not in progress, …)',
  },
  dependencyUnavailable('interaction'),
];

const notFound = {
  status: 404,
  codes: [AgentErrorCodes.INTERACTION_NOT_FOUND],
  description: 'Unknown, or neither assigned nor offered to me (the two are not told apart)',
};

@ApiTags('interactions')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller('interactions')
export class InteractionsController {
  private readonly replyRequest: ReturnType<typeof sendMessageRequest>;

  constructor(
    private readonly listOngoing: ListOngoingUseCase,
    private readonly openInteraction: OpenInteractionUseCase,
    private readonly sendMessage: SendMessageUseCase,
    private readonly changeState: ChangeConversationStateUseCase,
    private readonly transferConversation: TransferConversationUseCase,
    private readonly interactionTimers: InteractionTimersUseCase,
    @Inject(CONFIG) config: AgentGatewayConfig,
  ) {
    this.replyRequest = sendMessageRequest(config.AGENT_MESSAGE_MAX_CHARS);
  }

  // Declared before ':id' so that "ongoing" is never taken for an id.
  @Get('ongoing')
  @ApiOperation({
    summary: 'My Ongoing tab (SPEC I2)',
    description:
      'Assigned to me and not completed, most recently active first, with unread counts (SPEC I3).',
  })
  @ApiOkResponse({ type: OngoingListDto })
  async ongoing(@CurrentAgent() agent: AuthenticatedAgent): Promise<OngoingListDto> {
    return { items: await this.listOngoing.execute(agent.id) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A conversation and its transcript',
    description:
      'For its assignee, an agent it is offered to, managers and admins (SPEC I5), and the agents who took part in it once it is completed (SPEC I4). Opening it as the assignee clears its unread count (SPEC I3).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: InteractionDetailDto })
  @ApiErrors(validationError('id is not a uuid'), {
    ...notFound,
    description: 'Unknown, or not one I may open (the two are not told apart)',
  })
  async detail(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
  ): Promise<InteractionDetailDto> {
    return this.openInteraction.execute(agent, parseId(id, 'interaction id'));
  }

  @Get(':id/timers')
  @ApiOperation({
    summary: 'A conversation’s messaging-action timers (SPEC M1–M6)',
    description:
      'The timers armed now, with their deadlines; with `history=true`, the fired and disarmed ones too (after the armed ones, newest first), and why each fired timer did or did not act. ' +
      'For whoever may open the conversation (GET /interactions/{id}). The timer service keeps them; see docs/messaging-actions.md.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({
    name: 'history',
    required: false,
    schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
    description: 'true: fired and disarmed timers too, after the armed ones, newest first',
  })
  @ApiOkResponse({ type: InteractionTimersDto })
  @ApiErrors(
    validationError('id is not a uuid, history is not true or false, or an unknown parameter'),
    { ...notFound, description: 'Unknown, or not one I may open (the two are not told apart)' },
    dependencyUnavailable('timer'),
  )
  async timers(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<InteractionTimersDto> {
    const interactionId = parseId(id, 'interaction id');
    const { history } = parseWith(interactionTimersQuery, query, 'the query');
    return this.interactionTimers.execute(agent, interactionId, history);
  }

  @Post(':id/messages')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Reply to the requester',
    description:
      'Interaction records the message and queues the SMS, then answers; delivery statuses follow as `message.status-changed` pushes (SPEC S3).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: SendMessageRequestDto })
  @ApiAcceptedResponse({ type: SentMessageDto })
  @ApiErrors(
    bodyErrors(
      'A blank body without images, one over AGENT_MESSAGE_MAX_CHARS (1600 unless configured), or an id that is not a uuid',
    ),
    {
      status: 422,
      codes: [AgentErrorCodes.MEDIA_NOT_FOUND],
      description: 'A mediaId that is not an image I uploaded (SPEC S5)',
    },
    {
      status: 403,
      codes: [AgentErrorCodes.NOT_ASSIGNEE],
      description: 'Interaction says it is no longer mine',
    },
    notFound,
    {
      status: 409,
      codes: [AgentErrorCodes.INTERACTION_CLOSED, AgentErrorCodes.RECIPIENT_OPTED_OUT],
      description:
        'The conversation ended; or SPEC S2, the requester opted out of this number (`details`: since, source, keyword) and nothing was sent',
    },
    {
      status: 422,
      codes: [AgentErrorCodes.MESSAGE_TOO_MANY_SEGMENTS],
      description:
        'SPEC S4: the text takes more SMS segments than interaction sends (SMS_MAX_SEGMENTS, 10 unless configured); `details`: segments, limit, encoding',
    },
    dependencyUnavailable('interaction'),
  )
  async reply(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<SentMessageDto> {
    const interactionId = parseId(id, 'interaction id');
    const request = parseWith(this.replyRequest, body, 'the message');
    return this.sendMessage.execute({
      agentId: agent.id,
      interactionId,
      body: request.body,
      clientMessageId: request.clientMessageId,
      mediaIds: request.mediaIds,
    });
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End a conversation (SPEC I5)',
    description:
      "Its assignee ends it, or a manager or admin ends anyone's. It leaves Ongoing at once, and routing frees the capacity and offers waiting work. With wrap-up enabled it moves to `wrap_up` first, and `POST /interactions/{id}/wrap-up` closes it.",
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: EndConversationRequestDto, required: false })
  @ApiOkResponse({ type: ConversationSummaryDto, description: 'The conversation as it is now' })
  @ApiErrors(
    bodyErrors('An unknown outcome, an empty or too long note, or an id that is not a uuid'),
    ...lifecycleRefusals,
  )
  async end(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<ConversationSummaryDto> {
    const interactionId = parseId(id, 'interaction id');
    const request = parseWith(endConversationRequest, body ?? {}, 'the request');
    return this.changeState.execute(agent, interactionId, { type: 'end', ...request });
  }

  @Post(':id/hold')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Put a conversation on hold (SPEC W4)',
    description: 'An on-hold conversation stays yours but does not count against your capacity.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors(validationError('id is not a uuid'), ...lifecycleRefusals)
  async hold(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.lifecycle(agent, id, { type: 'hold' });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a conversation on hold',
    description: 'It counts against capacity again.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors(validationError('id is not a uuid'), ...lifecycleRefusals)
  async resume(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.lifecycle(agent, id, { type: 'resume' });
  }

  @Post(':id/wrap-up')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete the wrap-up of an ended conversation',
    description: 'Closes it with the outcome given when it was ended.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ConversationSummaryDto })
  @ApiErrors(validationError('id is not a uuid'), ...lifecycleRefusals)
  async completeWrapUp(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
  ): Promise<ConversationSummaryDto> {
    return this.lifecycle(agent, id, { type: 'complete_wrap_up' });
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Transfer a conversation to another queue or agent (SPEC W10)',
    description:
      "Its assignee transfers it, or a manager or admin transfers anyone's, while it is in progress or on hold. It leaves the transferring agent's Ongoing at once and is nobody's (`new`); routing treats it as a new offer: to the members of the queue, or to the named agent alone (whatever their queues; should they reject it, anyone in its queue but them), keeping its age (W8). The transfer and its note are written to the transcript for agents only and never sent to the requester (SPEC S1).",
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: TransferConversationRequestDto })
  @ApiOkResponse({ type: ConversationSummaryDto, description: 'The conversation as it is now' })
  @ApiErrors(
    {
      status: 400,
      codes: [ErrorCodes.MALFORMED_BODY, AgentErrorCodes.VALIDATION_FAILED, AgentErrorCodes.TRANSFER_TO_SELF],
      description:
        'Not exactly one of queueId and agentId, an empty or too long note, an id that is not a uuid, or a transfer to yourself',
    },
    {
      status: 403,
      codes: [AgentErrorCodes.NOT_ASSIGNEE],
      description: 'Not your conversation, and you are not a manager or admin',
    },
    {
      status: 404,
      codes: [AgentErrorCodes.INTERACTION_NOT_FOUND, AgentErrorCodes.TRANSFER_TARGET_NOT_FOUND],
      description: 'No such conversation, or no such queue or active agent to transfer it to',
    },
    {
      status: 409,
      codes: [
        AgentErrorCodes.INTERACTION_CLOSED,
        AgentErrorCodes.INVALID_TRANSITION,
        AgentErrorCodes.TRANSFER_QUEUE_INACTIVE,
      ],
      description: 'Already ended, not held by anyone yet, or the queue is switched off',
    },
    dependencyUnavailable('interaction or routing'),
  )
  async transfer(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<ConversationSummaryDto> {
    const interactionId = parseId(id, 'interaction id');
    const request = parseWith(transferConversationRequest, body ?? {}, 'the transfer');
    return this.transferConversation.execute(agent, interactionId, request);
  }

  private lifecycle(
    agent: AuthenticatedAgent,
    id: string,
    command: LifecycleCommand,
  ): Promise<ConversationSummaryDto> {
    return this.changeState.execute(agent, parseId(id, 'interaction id'), command);
  }
}
