import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import { ApiErrors } from '@threadline/platform';
import { ConfigurePresenceStatesUseCase } from '../../app/configure-presence-states.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { bodyErrors } from './api-errors';
import { PRESENCE_NAME_PATTERN } from './dto/presence.dto';
import { PresenceStateDto, PresenceStatesDto, PutPresenceStateRequestDto } from './dto/routing-admin.dto';
import { RoutingAdminApi, routingUnavailable } from './routing-admin-api';
import { presenceStateBody } from './routing-requests';
import { parseWith } from './validation';

/** SPEC W3: the presence states agents choose from (PUT /me/presence), and whether each receives work. */
@RoutingAdminApi()
@Controller('admin/presence-states')
export class AdminPresenceStatesController {
  constructor(private readonly states: ConfigurePresenceStatesUseCase) {}

  @Get()
  @ApiOperation({ summary: 'The presence states (admins; SPEC W3)' })
  @ApiOkResponse({ type: PresenceStatesDto })
  @ApiErrors(routingUnavailable)
  list(): Promise<PresenceStatesDto> {
    return this.states.list();
  }

  @Put(':name')
  @ApiOperation({
    summary: 'Add a presence state, or change one (admins; SPEC W3)',
    description:
      'Agents may choose it at once with PUT /me/presence. The built-in `available`, `away` and `offline` keep their behaviour. See docs/routing.md.',
  })
  @ApiParam({ name: 'name', schema: { type: 'string', pattern: PRESENCE_NAME_PATTERN, example: 'training' } })
  @ApiBody({ type: PutPresenceStateRequestDto })
  @ApiOkResponse({ type: PresenceStateDto })
  @ApiErrors(
    bodyErrors('A name that is not lowercase letters, digits and _, a missing setting, or an unknown one'),
    {
      status: 409,
      codes: [Codes.PRESENCE_STATE_BUILT_IN],
      description: 'The change would take from a built-in state what it must keep',
    },
    routingUnavailable,
  )
  put(@Param('name') name: string, @Body() body: unknown): Promise<PresenceStateDto> {
    const state = parseWith(schemas.presenceName, name, 'the presence state name');
    return this.states.put({ name: state, ...parseWith(presenceStateBody, body, 'the presence state') });
  }
}
