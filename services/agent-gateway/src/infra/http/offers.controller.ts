import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors } from '@threadline/platform';
import { AcceptOfferUseCase } from '../../app/accept-offer.use-case';
import { RejectOfferUseCase } from '../../app/reject-offer.use-case';
import { AgentErrorCodes } from '../../app/error-codes';
import { ListOffersUseCase } from '../../app/list-offers.use-case';
import type { AuthenticatedAgent } from '../../domain/agent';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AuthenticationErrors, bodyErrors, dependencyUnavailable, validationError } from './api-errors';
import { AcceptedOfferDto, InboxOffersDto, RejectedOfferDto, RejectOfferRequestDto } from './dto/offers.dto';
import { rejectOfferRequest } from './requests';
import { parseId, parseWith } from './validation';

@ApiTags('inbox')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller()
export class OffersController {
  constructor(
    private readonly listOffers: ListOffersUseCase,
    private readonly acceptOffer: AcceptOfferUseCase,
    private readonly rejectOffer: RejectOfferUseCase,
  ) {}

  @Get('inbox/offers')
  @ApiOperation({
    summary: 'My open offers (SPEC I1)',
    description:
      'Requester, company number, first message and waiting time of each; new ones are pushed as `offer.created`.',
  })
  @ApiOkResponse({ type: InboxOffersDto })
  async offers(@CurrentAgent() agent: AuthenticatedAgent): Promise<InboxOffersDto> {
    return { items: await this.listOffers.execute(agent.id) };
  }

  @Post('offers/:workItemId/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept an offer (SPEC W6)',
    description: 'Routing assigns the work item to me and answers; the conversation then appears in Ongoing.',
  })
  @ApiParam({ name: 'workItemId', format: 'uuid' })
  @ApiOkResponse({ type: AcceptedOfferDto })
  @ApiErrors(
    validationError('workItemId is not a uuid'),
    { status: 404, codes: [AgentErrorCodes.OFFER_NOT_FOUND] },
    {
      status: 409,
      codes: [
        AgentErrorCodes.OFFER_ALREADY_ACCEPTED,
        AgentErrorCodes.OFFER_NOT_YOURS,
        AgentErrorCodes.OFFER_EXPIRED,
      ],
    },
    dependencyUnavailable('routing'),
  )
  async accept(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('workItemId') workItemId: string,
  ): Promise<AcceptedOfferDto> {
    return this.acceptOffer.execute(agent.id, parseId(workItemId, 'workItemId'));
  }

  @Post('offers/:workItemId/reject')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn an offer down (SPEC W6)',
    description:
      'The work item goes back to its queue with its age, and is not offered to me again; it leaves my Inbox at once.',
  })
  @ApiParam({ name: 'workItemId', format: 'uuid' })
  @ApiBody({ type: RejectOfferRequestDto, required: false })
  @ApiOkResponse({ type: RejectedOfferDto })
  @ApiErrors(
    bodyErrors('workItemId is not a uuid, or the reason is empty or too long'),
    { status: 404, codes: [AgentErrorCodes.OFFER_NOT_FOUND] },
    {
      status: 409,
      codes: [
        AgentErrorCodes.OFFER_ALREADY_ACCEPTED,
        AgentErrorCodes.OFFER_NOT_YOURS,
        AgentErrorCodes.OFFER_EXPIRED,
      ],
    },
    dependencyUnavailable('routing'),
  )
  async reject(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('workItemId') workItemId: string,
    @Body() body: unknown,
  ): Promise<RejectedOfferDto> {
    const request = parseWith(rejectOfferRequest, body ?? {}, 'the request');
    return this.rejectOffer.execute(agent.id, parseId(workItemId, 'workItemId'), request.reason);
  }
}
