import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors, CONFIG, ErrorCodes } from '@threadline/platform';
import { ConversationHistoryUseCase } from '../../app/conversation-history.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { SearchConversationsUseCase } from '../../app/search-conversations.use-case';
import type { AgentGatewayConfig } from '../../config';
import type { AuthenticatedAgent } from '../../domain/agent';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AuthenticationErrors } from './api-errors';
import { HistoryPageDto, SearchPageDto } from './dto/search.dto';
import { historyQuery, phoneNumberOf, searchQuery } from './search-requests';
import { parseId, parseWith } from './validation';

const phoneQuery = (name: string, description: string) =>
  ({
    name,
    required: false,
    schema: {
      type: 'string',
      maxLength: 64,
      example: name === 'requester' ? '+15551230001' : '+15550100001',
    },
    description: `${description}; normalised to E.164 (numbers without a country code are read in SMS_DEFAULT_REGION)`,
  }) as const;

const cursorQuery = {
  name: 'cursor',
  required: false,
  schema: { type: 'string' },
  description: 'The nextCursor of the previous page',
} as const;

/**
 * Finding conversations (SPEC I4). Its own controller under /interactions: the module registers
 * it before InteractionsController, so that "search" is never taken for an interaction id.
 */
@ApiTags('interactions')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller('interactions')
export class InteractionSearchController {
  constructor(
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
    private readonly searchConversations: SearchConversationsUseCase,
    private readonly conversationHistory: ConversationHistoryUseCase,
  ) {}

  @Get('search')
  @ApiOperation({
    summary: 'Search conversations, closed ones by default (SPEC I4)',
    description: [
      'Filters combine (all must match). Newest first, by when the conversation was opened.',
      'q is full-text search over the transcript: whole words, any case, in web search syntax ("a phrase", or, -not); a part of a word does not match.',
      'Agents find the conversations they hold and the completed ones they took part in (as assignee or by writing in them); managers and admins find all.',
    ].join(' '),
  })
  @ApiQuery(phoneQuery('requester', 'The requester’s number'))
  @ApiQuery({
    name: 'userId',
    required: false,
    schema: { type: 'string' },
    description: 'The requester’s directory user',
  })
  @ApiQuery(phoneQuery('companyNumber', 'The company number'))
  @ApiQuery({
    name: 'from',
    required: false,
    schema: { type: 'string', format: 'date-time' },
    description: 'Opened at or after (inclusive)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    schema: { type: 'string', format: 'date-time' },
    description: 'Opened at or before (inclusive); not before from',
  })
  @ApiQuery({
    name: 'q',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 200, example: 'refund' },
    description: 'Words of the transcript; each hit then has a snippet of its first matching message',
  })
  @ApiQuery({
    name: 'state',
    required: false,
    schema: { type: 'string', enum: ['closed', 'any'], default: 'closed' },
    description: 'closed: completed conversations only (closed_complete, closed_abandoned)',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  })
  @ApiQuery(cursorQuery)
  @ApiOkResponse({ type: SearchPageDto })
  @ApiErrors({
    status: 400,
    codes: [ErrorCodes.VALIDATION_FAILED, Codes.PHONE_NUMBER_INVALID],
    description:
      'A from or to that is not an ISO date-time with a zone, to before from, q without words, a state other than closed or any, limit out of range, a cursor this search did not give, an unknown parameter; or a requester or companyNumber that is not a phone number',
  })
  async search(@CurrentAgent() agent: AuthenticatedAgent, @Query() query: unknown): Promise<SearchPageDto> {
    const request = parseWith(searchQuery, query, 'the search');
    const region = this.config.SMS_DEFAULT_REGION;
    return this.searchConversations.execute(
      agent,
      {
        requesterAddress: phoneNumberOf(request.requester, 'requester', region),
        requesterUserId: request.userId ?? null,
        companyAddress: phoneNumberOf(request.companyNumber, 'companyNumber', region),
        from: request.from ? new Date(request.from) : null,
        to: request.to ? new Date(request.to) : null,
        words: request.q ?? null,
        state: request.state,
      },
      { limit: request.limit, after: request.cursor ?? null },
    );
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'Earlier conversations of the same phone pair, with their transcripts (SPEC I4)',
    description:
      'The completed conversations of this requester number with this company number opened before this one, newest first. For whoever may open this one (GET /interactions/{id}).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
  })
  @ApiQuery(cursorQuery)
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiErrors(
    {
      status: 400,
      codes: [ErrorCodes.VALIDATION_FAILED],
      description:
        'id is not a uuid, limit out of range, a cursor this list did not give, or an unknown parameter',
    },
    {
      status: 404,
      codes: [Codes.INTERACTION_NOT_FOUND],
      description: 'Unknown, or not one I may open (the two are not told apart)',
    },
  )
  async history(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<HistoryPageDto> {
    const interactionId = parseId(id, 'interaction id');
    const request = parseWith(historyQuery, query, 'the query');
    return this.conversationHistory.execute(agent, interactionId, {
      limit: request.limit,
      after: request.cursor ?? null,
    });
  }
}
