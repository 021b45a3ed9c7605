import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ApiErrors, ErrorCodes } from '@threadline/platform';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { GetProfileUseCase } from '../../app/get-profile.use-case';
import { LookupRequesterUseCase } from '../../app/lookup-requester.use-case';
import { ProfileHistoryUseCase } from '../../app/profile-history.use-case';
import { ReassociateProfileUseCase } from '../../app/reassociate-profile.use-case';
import { UndoProfileChangeUseCase } from '../../app/undo-profile-change.use-case';
import type { AuthenticatedAgent } from '../../domain/agent';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import {
  AuthenticationErrors,
  bodyErrors,
  dependencyUnavailable,
  profileAccessDenied,
  profileNotFound,
  validationError,
} from './api-errors';
import {
  MessagingProfileDto,
  ProfileChangeDto,
  ProfileHistoryDto,
  ProfileUserRequestDto,
  RequesterLookupDto,
  UndoProfileChangeRequestDto,
} from './dto/profiles.dto';
import { profileUserRequest, requesterLookupQuery, undoProfileChangeRequest } from './requests';
import { parseId, parseWith } from './validation';

const P5_ACCESS =
  'SPEC P5: for managers, admins, and the agent holding an open interaction of the profile’s number; anyone else gets 403.';

@ApiTags('profiles')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller('profiles')
export class ProfilesController {
  constructor(
    private readonly lookupRequester: LookupRequesterUseCase,
    private readonly getProfile: GetProfileUseCase,
    private readonly profileHistory: ProfileHistoryUseCase,
    private readonly reassociateProfile: ReassociateProfileUseCase,
    private readonly undoProfileChange: UndoProfileChangeUseCase,
  ) {}

  // Declared before ':profileId' so that "lookup" is never taken for an id.
  @Get('lookup')
  @ApiOperation({
    summary: 'Who an SMS from a number would be attributed to now (SPEC P1–P4)',
    description:
      'Changes nothing. The new-SMS dialog shows it before an agent texts a number, so any agent may ask.',
  })
  @ApiQuery({
    name: 'address',
    schema: { type: 'string', minLength: 1, maxLength: 64, example: '+15551230001' },
    description: 'A phone number; profile normalises it',
  })
  @ApiOkResponse({ type: RequesterLookupDto })
  @ApiErrors(
    {
      status: 400,
      codes: [ErrorCodes.VALIDATION_FAILED, Codes.PHONE_NUMBER_INVALID],
      description: 'No address, or one that is not a phone number',
    },
    dependencyUnavailable('profile'),
  )
  async lookup(@Query() query: unknown): Promise<RequesterLookupDto> {
    const { address } = parseWith(requesterLookupQuery, query, 'the lookup');
    return this.lookupRequester.execute(address);
  }

  @Get(':profileId')
  @ApiOperation({
    summary: 'A messaging profile and the directory user it points to',
    description: P5_ACCESS,
  })
  @ApiParam({ name: 'profileId', format: 'uuid' })
  @ApiOkResponse({ type: MessagingProfileDto })
  @ApiErrors(
    validationError('profileId is not a uuid'),
    profileAccessDenied,
    profileNotFound,
    dependencyUnavailable('profile'),
  )
  async profile(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('profileId') profileId: string,
  ): Promise<MessagingProfileDto> {
    return this.getProfile.execute(agent, parseId(profileId, 'profileId'));
  }

  @Get(':profileId/history')
  @ApiOperation({
    summary: 'The audit trail of a messaging profile, newest first (SPEC P5)',
    description: `Who changed the association, when, from whom to whom, and why. ${P5_ACCESS}`,
  })
  @ApiParam({ name: 'profileId', format: 'uuid' })
  @ApiOkResponse({ type: ProfileHistoryDto })
  @ApiErrors(
    validationError('profileId is not a uuid'),
    profileAccessDenied,
    profileNotFound,
    dependencyUnavailable('profile'),
  )
  async history(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('profileId') profileId: string,
  ): Promise<ProfileHistoryDto> {
    return this.profileHistory.execute(agent, parseId(profileId, 'profileId'));
  }

  @Put(':profileId/user')
  @ApiOperation({
    summary: 'Point a messaging profile at a directory user, or at the guest (SPEC P5)',
    description: `Audited; the open interaction of the number and later ones follow (pushed as \`interaction.updated\`). ${P5_ACCESS}`,
  })
  @ApiParam({ name: 'profileId', format: 'uuid' })
  @ApiBody({ type: ProfileUserRequestDto })
  @ApiOkResponse({ type: ProfileChangeDto })
  @ApiErrors(
    bodyErrors('No reason, no userId (null for the guest), or a profileId that is not a uuid'),
    profileAccessDenied,
    { status: 404, codes: [Codes.PROFILE_NOT_FOUND, Codes.USER_NOT_FOUND] },
    {
      status: 409,
      codes: [Codes.USER_INACTIVE, Codes.PROFILE_INACTIVE],
      description: 'The user is deactivated, or another profile holds the number now',
    },
    dependencyUnavailable('profile'),
  )
  async reassociate(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('profileId') profileId: string,
    @Body() body: unknown,
  ): Promise<ProfileChangeDto> {
    const id = parseId(profileId, 'profileId');
    const request = parseWith(profileUserRequest, body, 'the change');
    return this.reassociateProfile.execute(agent, { profileId: id, ...request });
  }

  @Post(':profileId/history/:auditId/undo')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo a correction of a messaging profile (SPEC P5)',
    description: `Puts back the user the change replaced, as a new audited change. ${P5_ACCESS}`,
  })
  @ApiParam({ name: 'profileId', format: 'uuid' })
  @ApiParam({ name: 'auditId', format: 'uuid' })
  @ApiBody({ type: UndoProfileChangeRequestDto })
  @ApiOkResponse({ type: ProfileChangeDto })
  @ApiErrors(
    bodyErrors('No reason, or an id that is not a uuid'),
    profileAccessDenied,
    {
      status: 404,
      codes: [Codes.PROFILE_NOT_FOUND, Codes.AUDIT_NOT_FOUND, Codes.USER_NOT_FOUND],
      description:
        'Unknown profile, a change not of this profile, or the user to put back left the directory',
    },
    {
      status: 409,
      codes: [
        Codes.ALREADY_UNDONE,
        Codes.CHANGED_SINCE,
        Codes.NOT_UNDOABLE,
        Codes.USER_INACTIVE,
        Codes.PROFILE_INACTIVE,
      ],
      description: 'Undone already, changed again since (undo the later change first), or not a correction',
    },
    dependencyUnavailable('profile'),
  )
  async undo(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('profileId') profileId: string,
    @Param('auditId') auditId: string,
    @Body() body: unknown,
  ): Promise<ProfileChangeDto> {
    const ids = { profileId: parseId(profileId, 'profileId'), auditId: parseId(auditId, 'auditId') };
    const { reason } = parseWith(undoProfileChangeRequest, body, 'the undo');
    return this.undoProfileChange.execute(agent, { ...ids, reason });
  }
}
