import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors } from '@threadline/platform';
import { ConfigureMessagingActionsUseCase } from '../../app/configure-messaging-actions.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { MESSAGING_ACTION_ADMIN_ROLES } from '../../domain/messaging-action-access';
import { AllowedRoles } from './allowed-roles.decorator';
import { AuthenticationErrors, bodyErrors, dependencyUnavailable, validationError } from './api-errors';
import {
  CreateMessagingActionRequestDto,
  DeletedMessagingActionDto,
  MessagingActionDto,
  MessagingActionListDto,
  UpdateMessagingActionRequestDto,
} from './dto/messaging-actions.dto';
import { createMessagingActionBody, updateMessagingActionBody } from './messaging-action-requests';
import { parseId, parseWith } from './validation';

export const timerUnavailable = dependencyUnavailable('timer');

const actionInvalid = (shape: string) =>
  bodyErrors(
    `${shape}; MESSAGING_ACTION_INVALID: the filter is wrong, \`details\` lists every error as { path, code, message }`,
    [Codes.MESSAGING_ACTION_INVALID],
  );

const actionNotFound = {
  status: 404,
  codes: [Codes.MESSAGING_ACTION_NOT_FOUND],
  description: 'No messaging action with this id',
};

const nameTaken = {
  status: 409,
  codes: [Codes.MESSAGING_ACTION_NAME_TAKEN],
  description: 'Another messaging action has this name',
};

/**
 * SPEC M1–M7: messaging actions, the timers that fire when one side of a conversation goes
 * quiet. Admins only (a 403 before anything else is read); the timer service owns them.
 */
@ApiTags('messaging-actions-admin')
@ApiAuth('agent')
@AuthenticationErrors
@AllowedRoles({ roles: MESSAGING_ACTION_ADMIN_ROLES, refusal: 'only admins configure messaging actions' })
@Controller('admin/messaging-actions')
export class AdminMessagingActionsController {
  constructor(private readonly actions: ConfigureMessagingActionsUseCase) {}

  @Get()
  @ApiOperation({
    summary: 'Every messaging action (admins; SPEC M1–M7)',
    description:
      'With each filter in words and the number of its timers armed now. See docs/messaging-actions.md.',
  })
  @ApiOkResponse({ type: MessagingActionListDto })
  @ApiErrors(timerUnavailable)
  list(): Promise<MessagingActionListDto> {
    return this.actions.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a messaging action (admins; SPEC M1–M5)',
    description:
      'Idempotent by `id`, which the client chooses: creating again with the same id answers the action already made. ' +
      'The timer service validates the filter and answers every error at once, each with its path. See docs/messaging-actions.md.',
  })
  @ApiBody({ type: CreateMessagingActionRequestDto })
  @ApiCreatedResponse({ type: MessagingActionDto })
  @ApiErrors(
    actionInvalid('A setting missing or out of range, id not a uuid, or an unknown setting'),
    nameTaken,
    timerUnavailable,
  )
  create(@Body() body: unknown): Promise<MessagingActionDto> {
    return this.actions.create(parseWith(createMessagingActionBody, body, 'the messaging action'));
  }

  @Patch(':actionId')
  @ApiOperation({
    summary: 'Change a messaging action (admins; SPEC M1–M5)',
    description:
      'Only the settings given change; `active: false` switches it off. Timers armed keep their deadline. ' +
      'The filter is validated as on creation. See docs/messaging-actions.md.',
  })
  @ApiParam({ name: 'actionId', format: 'uuid' })
  @ApiBody({ type: UpdateMessagingActionRequestDto })
  @ApiOkResponse({ type: MessagingActionDto })
  @ApiErrors(
    actionInvalid('actionId not a uuid, a setting out of range, or an unknown setting'),
    actionNotFound,
    nameTaken,
    timerUnavailable,
  )
  update(@Param('actionId') actionId: string, @Body() body: unknown): Promise<MessagingActionDto> {
    const id = parseId(actionId, 'actionId');
    return this.actions.update({ ...parseWith(updateMessagingActionBody, body, 'the change'), id });
  }

  @Delete(':actionId')
  @ApiOperation({
    summary: 'Delete a messaging action (admins)',
    description:
      'Its armed timers are disarmed with it; the timers it fired stay in their conversations’ history. ' +
      'To keep it but stop it, switch it off instead (`active: false`). See docs/messaging-actions.md.',
  })
  @ApiParam({ name: 'actionId', format: 'uuid' })
  @ApiOkResponse({ type: DeletedMessagingActionDto })
  @ApiErrors(validationError('actionId is not a uuid'), actionNotFound, timerUnavailable)
  delete(@Param('actionId') actionId: string): Promise<DeletedMessagingActionDto> {
    return this.actions.delete(parseId(actionId, 'actionId'));
  }
}
