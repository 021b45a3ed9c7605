import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiAuth, ApiErrors, ErrorCodes } from '@threadline/platform';
import { DirectoryImportStatusUseCase } from '../../app/directory-import-status.use-case';
import { AgentErrorCodes as Codes } from '../../app/error-codes';
import { SearchDirectoryUseCase } from '../../app/search-directory.use-case';
import { StartDirectoryImportUseCase } from '../../app/start-directory-import.use-case';
import type { AuthenticatedAgent } from '../../domain/agent';
import { CSV_COLUMNS } from '../../domain/import-file';
import { DIRECTORY_IMPORTER_ROLES } from '../../domain/profile-access';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AllowedRoles } from './allowed-roles.decorator';
import { AuthenticationErrors, dependencyUnavailable } from './api-errors';
import type { UploadRequest } from './directory-upload.middleware';
import { DirectoryImportRowDto, ImportStatusDto, ImportStatusPageDto } from './dto/directory.dto';
import { DirectoryUsersDto } from './dto/profiles.dto';
import { directorySearchQuery, idempotencyKey, importStatusQuery, importUploadQuery } from './requests';
import { parseId, parseWith } from './validation';

/** The one thing this controller does with the response: name the new import. */
interface HeaderSetter {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('directory')
@ApiAuth('agent')
@AuthenticationErrors
@Controller('directory')
export class DirectoryController {
  constructor(
    private readonly searchDirectory: SearchDirectoryUseCase,
    private readonly startImport: StartDirectoryImportUseCase,
    private readonly importStatus: DirectoryImportStatusUseCase,
  ) {}

  @Get('users')
  @UseGuards(AgentAuthGuard)
  @ApiOperation({
    summary: 'Search the directory',
    description:
      'By name, email or external id (case-insensitive), or by phone number: agents pick the right user when correcting a profile (SPEC P5).',
  })
  @ApiQuery({ name: 'q', schema: { type: 'string', minLength: 1, maxLength: 200, example: 'lovelace' } })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  })
  @ApiOkResponse({ type: DirectoryUsersDto })
  @ApiErrors(
    { status: 400, codes: [ErrorCodes.VALIDATION_FAILED], description: 'No q, or a limit out of range' },
    dependencyUnavailable('profile'),
  )
  async users(@Query() query: unknown): Promise<DirectoryUsersDto> {
    const { q, limit } = parseWith(directorySearchQuery, query, 'the search');
    return this.searchDirectory.execute(q, limit);
  }

  @Post('imports')
  @AllowedRoles({ roles: DIRECTORY_IMPORTER_ROLES, refusal: 'only admins may import the directory' })
  @HttpCode(202)
  @ApiExtraModels(DirectoryImportRowDto)
  @ApiOperation({
    summary: 'Import the directory from a CSV or JSON file (admins)',
    description: [
      'Users are upserted by external id. The file is read before the answer, so a file that cannot be imported at all is refused at once and nothing starts;',
      'rows that cannot be read (wrong number of fields, broken quoting, a JSON element that is not an object) and rows profile refuses are reported per row at the Location.',
      `CSV: a header row with ${Object.keys(CSV_COLUMNS).join(', ')} (other_phones separated by ;); other columns are passed on.`,
    ].join(' '),
    requestBody: {
      required: true,
      content: {
        'text/csv': {
          schema: { type: 'string', example: 'external_id,name,mobile\nE1,Ada Lovelace,+15551230001\n' },
        },
        'application/json': {
          schema: { type: 'array', items: { $ref: getSchemaPath(DirectoryImportRowDto) } },
        },
      },
    },
  })
  @ApiQuery({
    name: 'fileName',
    required: false,
    schema: { type: 'string', maxLength: 255 },
    description: 'Shown in the import status',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 255 },
    description:
      'Makes a retried upload find the import it started instead of starting another (and resume it if it stalled)',
  })
  @ApiAcceptedResponse({
    type: ImportStatusDto,
    headers: { Location: { description: '/directory/imports/{importId}', schema: { type: 'string' } } },
  })
  @ApiErrors(
    {
      status: 400,
      codes: [
        ErrorCodes.VALIDATION_FAILED,
        Codes.IMPORT_EMPTY,
        Codes.IMPORT_HEADER_INVALID,
        Codes.IMPORT_FORMAT_INVALID,
      ],
      description:
        'A bad fileName or Idempotency-Key, no data rows, a CSV header without external_id or name, JSON that is not an array (or not UTF-8)',
    },
    {
      status: 409,
      codes: [Codes.IMPORT_ID_REUSED],
      description: 'This Idempotency-Key was used for a different file',
    },
    { status: 413, codes: [Codes.IMPORT_TOO_LARGE], description: 'Larger than DIRECTORY_IMPORT_MAX_BYTES' },
    {
      status: 415,
      codes: [Codes.IMPORT_UNSUPPORTED_TYPE],
      description: 'Not text/csv or application/json in UTF-8, or compressed',
    },
    dependencyUnavailable('profile'),
  )
  async upload(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Req() request: UploadRequest,
    @Query() query: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<ImportStatusDto> {
    const upload = request.directoryUpload;
    if (!upload)
      throw new Error('POST /directory/imports reached its controller without its upload middleware');
    const { fileName } = parseWith(importUploadQuery, query, 'the query');
    const status = await this.startImport.execute(agent, {
      format: upload.format,
      bytes: upload.bytes,
      fileName: fileName ?? null,
      idempotencyKey: key === undefined ? null : parseWith(idempotencyKey, key, 'the Idempotency-Key header'),
    });
    response.setHeader('Location', `/directory/imports/${status.importId}`);
    return status;
  }

  @Get('imports/:importId')
  // The role before the id and the query: anyone else is refused whatever they asked for.
  @AllowedRoles({ roles: DIRECTORY_IMPORTER_ROLES, refusal: 'only admins may import the directory' })
  @ApiOperation({
    summary: 'Progress of a directory import and a page of its rejected rows (admins)',
    description:
      'Rejections in row order, a page at a time: pass nextRejectionsAfterRow as rejectionsAfterRow.',
  })
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiQuery({
    name: 'rejectionsAfterRow',
    required: false,
    schema: { type: 'integer', minimum: 0, default: 0 },
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  })
  @ApiOkResponse({ type: ImportStatusPageDto })
  @ApiErrors(
    {
      status: 400,
      codes: [ErrorCodes.VALIDATION_FAILED],
      description: 'importId is not a uuid, or a paging parameter is not a whole number in range',
    },
    { status: 404, codes: [Codes.IMPORT_NOT_FOUND] },
    dependencyUnavailable('profile'),
  )
  async status(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('importId') importId: string,
    @Query() query: unknown,
  ): Promise<ImportStatusPageDto> {
    const id = parseId(importId, 'importId');
    const page = parseWith(importStatusQuery, query, 'the query');
    return this.importStatus.execute(agent, { importId: id, ...page });
  }
}
