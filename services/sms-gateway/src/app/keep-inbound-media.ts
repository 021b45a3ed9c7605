import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, LOGGER, MEDIA_STORAGE, type MediaStorage, MediaTooLargeError } from '@threadline/platform';
import type { Logger } from 'pino';
import type { SmsGatewayConfig } from '../config';
import {
  inboundMediaId,
  inboundMediaKey,
  judgeFetchedMedia,
  type MediaItem,
  type RefusalReason,
} from '../domain/inbound-media';
import type { InboundSms } from '../domain/inbound-sms';
import { SMS_PROVIDERS, type SmsProvider, SmsProviders } from '../infra/providers/sms-provider';

/**
 * SPEC S5: fetches the media of an inbound MMS from the provider and keeps those that are
 * allowed images within the size limit, under keys of our own. Runs before the message is
 * accepted, while the provider waits for its webhook's answer: when it cannot finish, the
 * provider retries and the same keys are written again. What is not kept stays in the message
 * as refused, with its reason, so agents learn that an image came.
 */
@Injectable()
export class KeepInboundMedia {
  constructor(
    @Inject(CONFIG) private readonly config: SmsGatewayConfig,
    @Inject(SMS_PROVIDERS) private readonly providers: SmsProviders,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The media of `sms`, which came through the provider account `providerKey`. */
  keep(providerKey: string, sms: InboundSms): Promise<MediaItem[]> {
    const provider = this.providers.get(providerKey);
    if (!provider) throw new Error(`no provider account configured for ${providerKey}`);
    return Promise.all(sms.media.map((medium, index) => this.keepOne(provider, sms, medium, index)));
  }

  private async keepOne(
    provider: SmsProvider,
    sms: InboundSms,
    medium: InboundSms['media'][number],
    index: number,
  ): Promise<MediaItem> {
    const claimed = medium.contentType;
    const refused = (reason: RefusalReason): MediaItem => {
      this.logger.info(
        { providerMessageId: sms.providerMessageId, index, claimed, reason },
        'inbound medium not kept',
      );
      return { status: 'refused', reason, contentType: claimed };
    };
    // The webhook already names the type: no need to fetch what would be refused anyway.
    const byClaim = judgeFetchedMedia(new Uint8Array(), claimed, this.config.MEDIA_ALLOWED_TYPES);
    if (!byClaim.ok && byClaim.reason === 'type_not_allowed') return refused('type_not_allowed');
    let fetched;
    try {
      fetched = await provider.fetchMedia(medium.url, {
        maxBytes: this.config.SMS_MAX_MEDIA_BYTES,
        timeoutMs: this.config.SMS_MEDIA_FETCH_TIMEOUT_MS,
      });
    } catch (error) {
      if (error instanceof MediaTooLargeError) return refused('too_large');
      this.logger.warn(
        { err: error, providerMessageId: sms.providerMessageId, index },
        'inbound medium not fetched',
      );
      return refused('fetch_failed');
    }
    const judged = judgeFetchedMedia(
      fetched.bytes,
      fetched.contentType || claimed,
      this.config.MEDIA_ALLOWED_TYPES,
    );
    if (!judged.ok) return refused(judged.reason);
    const mediaId = inboundMediaId(provider.key, sms.providerMessageId, index);
    const key = inboundMediaKey(mediaId);
    await this.storage.put(key, fetched.bytes, judged.contentType);
    return { status: 'stored', mediaId, key, contentType: judged.contentType, size: fetched.bytes.length };
  }
}
