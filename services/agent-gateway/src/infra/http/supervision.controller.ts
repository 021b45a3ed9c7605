import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors, CONFIG, ErrorCodes } from '@threadline/platform';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { ListOngoingWorkUseCase } from '../../app/list-ongoing-work.use-case';
import { ListWaitingWorkUseCase } from '../../app/list-waiting-work.use-case';
import type { AgentGatewayConfig } from '../../config';
import type { AuthenticatedAgent } from '../../domain/agent';
import { SUPERVISOR_ROLES } from '../../domain/conversation-access';
import { WAITING_QUEUE_STATES } from '../../domain/supervision';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AllowedRoles } from './allowed-roles.decorator';
import { AuthenticationErrors } from './api-errors';
import { SupervisedPageDto } from './dto/search.dto';
import { ongoingWorkQuery, phoneNumberOf, waitingWorkQuery } from './search-requests';
import { parseWith } from './validation';

const listErrors = (filters: string) => ({
  status: 400,
  codes: [ErrorCodes.VALIDATION_FAILED, Codes.PHONE_NUMBER_INVALID],
  description: `${filters}, limit out of range, a cursor this list did not give, an unknown parameter; or a companyNumber that is not a phone number`,
});

const companyNumber = {
  name: 'companyNumber',
  required: false,
  schema: { type: 'string', maxLength: 64, example: '+15550100001' },
  description: 'Normalised to E.164 (numbers without a country code are read in SMS_DEFAULT_REGION)',
} as const;
const limitQuery = {
  name: 'limit',
  required: false,
  schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;
const cursorQuery = {
  name: 'cursor',
  required: false,
  schema: { type: 'string' },
  description: 'The nextCursor of the previous page',
} as const;

/** SPEC I5: what managers and admins see of everyone's work. */
@ApiTags('supervision')
@ApiAuth('agent')
@AuthenticationErrors
// The role before the query: an agent is refused whatever they asked for.
@AllowedRoles({ roles: SUPERVISOR_ROLES, refusal: 'only managers and admins see every agent’s work' })
@Controller('supervision')
export class SupervisionController {
  constructor(
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
    private readonly ongoingWork: ListOngoingWorkUseCase,
    private readonly waitingWork: ListWaitingWorkUseCase,
  ) {}

  @Get('ongoing')
  @ApiOperation({
    summary: 'Every agent’s ongoing work (SPEC I5; managers and admins)',
    description:
      'Assigned and not completed. The conversation whose requester has waited longest for a reply comes first; those answered follow, oldest first.',
  })
  @ApiQuery({ name: 'agentId', required: false, schema: { type: 'string' }, description: 'The assignee' })
  @ApiQuery(companyNumber)
  @ApiQuery({
    name: 'state',
    required: false,
    schema: { type: 'string', enum: ['new', 'on_hold', 'work_in_progress', 'wrap_up'] },
  })
  @ApiQuery(limitQuery)
  @ApiQuery(cursorQuery)
  @ApiOkResponse({ type: SupervisedPageDto })
  @ApiErrors(listErrors('A state that is not an open state'))
  async ongoing(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Query() query: unknown,
  ): Promise<SupervisedPageDto> {
    const request = parseWith(ongoingWorkQuery, query, 'the query');
    const region = this.config.SMS_DEFAULT_REGION;
    return this.ongoingWork.execute(
      agent,
      {
        agentId: request.agentId ?? null,
        companyAddress: phoneNumberOf(request.companyNumber, 'companyNumber', region),
        state: request.state ?? null,
      },
      { limit: request.limit, after: request.cursor ?? null },
    );
  }

  @Get('waiting')
  @ApiOperation({
    summary: 'Conversations waiting in queues (SPEC I5; managers and admins)',
    description:
      'Queued, or offered to an agent who has not accepted yet; the one waiting longest first, counted from when it entered routing (a reassigned item keeps its age, SPEC W8).',
  })
  @ApiQuery({
    name: 'queueState',
    required: false,
    schema: { type: 'string', enum: [...WAITING_QUEUE_STATES] },
    description: 'Both when absent',
  })
  @ApiQuery({
    name: 'agentId',
    required: false,
    schema: { type: 'string' },
    description: 'Only those offered to this agent',
  })
  @ApiQuery(companyNumber)
  @ApiQuery(limitQuery)
  @ApiQuery(cursorQuery)
  @ApiOkResponse({ type: SupervisedPageDto })
  @ApiErrors(listErrors('A queueState other than queued or offered'))
  async waiting(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Query() query: unknown,
  ): Promise<SupervisedPageDto> {
    const request = parseWith(waitingWorkQuery, query, 'the query');
    return this.waitingWork.execute(
      agent,
      {
        queueStates: request.queueState ? [request.queueState] : WAITING_QUEUE_STATES,
        agentId: request.agentId ?? null,
        companyAddress: phoneNumberOf(request.companyNumber, 'companyNumber', this.config.SMS_DEFAULT_REGION),
      },
      { limit: request.limit, after: request.cursor ?? null },
    );
  }
}
