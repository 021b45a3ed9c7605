import { Controller, Get, Header, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiPublic,
  AppError,
  CONFIG,
  isSafeMediaKey,
  MEDIA_STORAGE,
  type MediaStorage,
  verifyMediaSignature,
} from '@threadline/platform';
import type { SmsGatewayConfig } from '../../config';

/**
 * SPEC S5: where the provider fetches the images agents send. The URL's signature is the only
 * credential (the provider has no account of ours) and it names one key until it expires.
 */
@ApiTags('Media')
@Controller('media')
export class MediaController {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  @Get('*key')
  @Header('cache-control', 'private, no-store')
  @Header('x-content-type-options', 'nosniff')
  @ApiOperation({
    summary: 'An image to send, for the provider (signed, expiring URL)',
    description: 'Handed to the provider as MediaUrl of an outbound MMS; valid for MEDIA_URL_TTL_SECONDS.',
  })
  // The signature is the credential: no token of ours.
  @ApiPublic()
  @ApiParam({ name: 'key', type: String, description: 'The storage key of the image (it may hold slashes)' })
  @ApiQuery({ name: 'expires', description: 'Unix seconds' })
  @ApiQuery({ name: 'signature', description: 'HMAC-SHA256 of the key and expiry, base64url' })
  @ApiProduces('image/jpeg', 'image/png', 'image/gif', 'image/webp')
  @ApiErrors({
    status: 403,
    codes: ['MEDIA_URL_INVALID', 'MEDIA_URL_EXPIRED'],
    description: 'Forged or expired',
  })
  @ApiErrors({ status: 404, codes: ['MEDIA_NOT_FOUND'], description: 'Nothing stored under the key' })
  async serve(
    @Param('key') key: string | string[],
    @Query('expires') expires: string | undefined,
    @Query('signature') signature: string | undefined,
  ): Promise<StreamableFile> {
    const path = Array.isArray(key) ? key.join('/') : key;
    const check = isSafeMediaKey(path)
      ? verifyMediaSignature(
          path,
          expires,
          signature,
          this.config.MEDIA_URL_SECRET,
          Math.floor(Date.now() / 1000),
        )
      : 'forged';
    if (check === 'forged')
      throw new AppError('MEDIA_URL_INVALID', 403, 'the media URL is not one we signed');
    if (check === 'expired') throw new AppError('MEDIA_URL_EXPIRED', 403, 'the media URL has expired');
    const stored = await this.storage.get(path);
    if (!stored) throw new AppError('MEDIA_NOT_FOUND', 404, 'no medium under this key');
    return new StreamableFile(stored.body, { type: stored.contentType, length: stored.size });
  }
}
