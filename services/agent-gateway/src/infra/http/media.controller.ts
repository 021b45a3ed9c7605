import type { IncomingMessage } from 'node:http';
import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiAuth,
  ApiErrors,
  AppError,
  CONFIG,
  DEFAULT_MEDIA_TYPES,
  liftBodyTimeout,
} from '@threadline/platform';
import { AgentErrorCodes } from '../../app/error-codes';
import {
  ReadConversationMediaUseCase,
  UploadMediaUseCase,
  type UploadedMedia,
} from '../../app/media.use-cases';
import type { AgentGatewayConfig } from '../../config';
import type { AuthenticatedAgent } from '../../domain/agent';
import { tooLarge } from '../../domain/media-upload';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { CurrentAgent } from '../auth/current-agent.decorator';
import { AuthenticationErrors, validationError } from './api-errors';
import { readBody } from './directory-upload.middleware';
import { parseId } from './validation';

export class UploadedMediaDto implements UploadedMedia {
  @ApiProperty({ description: 'Pass it in mediaIds of POST /interactions/{id}/messages' })
  mediaId!: string;

  @ApiProperty({ enum: DEFAULT_MEDIA_TYPES })
  contentType!: string;

  @ApiProperty({ description: 'Bytes' })
  size!: number;
}

const MEDIA_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** SPEC S5: images in conversations, for agents. */
@ApiTags('media')
@ApiAuth('agent')
@AuthenticationErrors
@UseGuards(AgentAuthGuard)
@Controller()
export class MediaController {
  constructor(
    private readonly upload: UploadMediaUseCase,
    private readonly read: ReadConversationMediaUseCase,
    @Inject(CONFIG) private readonly config: AgentGatewayConfig,
  ) {}

  @Post('media')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload an image to send (SPEC S5)',
    description:
      'The raw image as the body, with its Content-Type. Up to MEDIA_MAX_UPLOAD_BYTES (5 MB unless configured), of MEDIA_ALLOWED_TYPES (JPEG, PNG, GIF, WebP unless configured), and the bytes must be that type. Answers a mediaId to send with a reply.',
  })
  @ApiConsumes(...DEFAULT_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: UploadedMediaDto })
  @ApiErrors(
    {
      status: 413,
      codes: [AgentErrorCodes.MEDIA_TOO_LARGE],
      description: 'Larger than MEDIA_MAX_UPLOAD_BYTES',
    },
    {
      status: 415,
      codes: [AgentErrorCodes.MEDIA_TYPE_NOT_ALLOWED],
      description: 'Not an allowed image type',
    },
    {
      status: 422,
      codes: [AgentErrorCodes.MEDIA_CONTENT_MISMATCH],
      description: 'The bytes are not the type claimed',
    },
  )
  async uploadImage(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Req() request: IncomingMessage,
  ): Promise<UploadedMediaDto> {
    const limit = this.config.MEDIA_MAX_UPLOAD_BYTES;
    // An image of several MB from a signed-in agent on a slow link: bounded by the whole-request
    // limit (HTTP_REQUEST_TIMEOUT_MS), not the short body deadline strangers get.
    liftBodyTimeout(request);
    let bytes: Buffer;
    try {
      bytes = await readBody(request, limit);
    } catch (error) {
      if (error instanceof AppError && error.status === 413) {
        const refusal = tooLarge(limit);
        throw new AppError(refusal.code, refusal.status, refusal.message, { limitBytes: limit });
      }
      throw error;
    }
    return this.upload.execute(agent, bytes, request.headers['content-type']);
  }

  @Get('interactions/:id/media/:mediaId')
  @Header('cache-control', 'private, max-age=3600')
  @Header('x-content-type-options', 'nosniff')
  @ApiOperation({
    summary: 'An image of a conversation (SPEC S5)',
    description:
      'For whoever may open the conversation (GET /interactions/{id}); the `url` of a transcript medium.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'mediaId' })
  @ApiProduces(...DEFAULT_MEDIA_TYPES)
  @ApiErrors(validationError('id is not a uuid'), {
    status: 404,
    codes: [AgentErrorCodes.INTERACTION_NOT_FOUND, AgentErrorCodes.MEDIA_NOT_FOUND],
    description: 'Unknown, not one I may open, or no such image in it',
  })
  async image(
    @CurrentAgent() agent: AuthenticatedAgent,
    @Param('id') id: string,
    @Param('mediaId') mediaId: string,
  ): Promise<StreamableFile> {
    const interactionId = parseId(id, 'interaction id');
    if (!MEDIA_ID.test(mediaId)) throw new AppError(AgentErrorCodes.MEDIA_NOT_FOUND, 404, 'no such image');
    const stored = await this.read.execute(agent, interactionId, mediaId);
    return new StreamableFile(stored.body, { type: stored.contentType, length: stored.size });
  }
}
