import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import { ApiErrors } from '@threadline/platform';
import { ConfigureCapacityUseCase } from '../../app/configure-capacity.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { bodyErrors } from './api-errors';
import {
  AgentCapacityDto,
  ServiceChannelDto,
  ServiceChannelsDto,
  SetAgentCapacityRequestDto,
  UpdateChannelRequestDto,
} from './dto/routing-admin.dto';
import { RoutingAdminApi, routingUnavailable } from './routing-admin-api';
import { agentCapacityBody, updateChannelBody } from './routing-requests';
import { parseId, parseWith } from './validation';

/** SPEC W1: how much work agents hold at once, per service channel and per agent. */
@RoutingAdminApi()
@Controller('admin')
export class AdminCapacityController {
  constructor(private readonly capacity: ConfigureCapacityUseCase) {}

  @Get('channels')
  @ApiOperation({
    summary: 'The service channels, with their default capacity and work item size (admins; SPEC W1)',
  })
  @ApiOkResponse({ type: ServiceChannelsDto })
  @ApiErrors(routingUnavailable)
  channels(): Promise<ServiceChannelsDto> {
    return this.capacity.channels();
  }

  @Patch('channels/:name')
  @ApiOperation({
    summary: 'Change a service channel’s default capacity or work item size (admins; SPEC W1)',
    description: 'Only the settings given change. See docs/routing.md.',
  })
  @ApiParam({ name: 'name', schema: { type: 'string', enum: schemas.channelName.options } })
  @ApiBody({ type: UpdateChannelRequestDto })
  @ApiOkResponse({ type: ServiceChannelDto })
  @ApiErrors(
    bodyErrors('A channel name that is not one of ours, a setting out of range, or an unknown setting'),
    { status: 404, codes: [Codes.CHANNEL_NOT_FOUND], description: 'Routing has no such channel' },
    routingUnavailable,
  )
  updateChannel(@Param('name') name: string, @Body() body: unknown): Promise<ServiceChannelDto> {
    const channel = parseWith(schemas.channelName, name, 'the channel name');
    return this.capacity.updateChannel({
      name: channel,
      ...parseWith(updateChannelBody, body, 'the change'),
    });
  }

  @Put('agents/:agentId/capacity')
  @ApiOperation({
    summary: 'Set an agent’s own capacities (admins; SPEC W1)',
    description:
      'Across every channel (`universalCapacity`, null for no such cap) and per channel; they replace the agent’s previous ones. See docs/routing.md.',
  })
  @ApiParam({ name: 'agentId', format: 'uuid' })
  @ApiBody({ type: SetAgentCapacityRequestDto })
  @ApiOkResponse({ type: AgentCapacityDto })
  @ApiErrors(
    bodyErrors('agentId not a uuid, a capacity missing or out of range, or an unknown setting'),
    routingUnavailable,
  )
  setAgentCapacity(@Param('agentId') agentId: string, @Body() body: unknown): Promise<AgentCapacityDto> {
    const id = parseId(agentId, 'agentId');
    return this.capacity.setAgentCapacity({
      agentId: id,
      ...parseWith(agentCapacityBody, body, 'the capacity'),
    });
  }
}
