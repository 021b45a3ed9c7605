import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, signedMediaUrl } from '@threadline/platform';
import type { SmsGatewayConfig } from '../config';

/** SPEC S5: the URLs a provider fetches outbound images from (served by MediaController). */
@Injectable()
export class MediaUrlSigner {
  constructor(@Inject(CONFIG) private readonly config: SmsGatewayConfig) {}

  urlsFor(media: ReadonlyArray<{ key: string }> | undefined): string[] {
    const now = Math.floor(Date.now() / 1000);
    return (media ?? []).map(({ key }) =>
      signedMediaUrl(
        this.config.SMS_PUBLIC_BASE_URL,
        key,
        this.config.MEDIA_URL_SECRET,
        now,
        this.config.MEDIA_URL_TTL_SECONDS,
      ),
    );
  }
}
