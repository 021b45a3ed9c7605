import { phoneRegion } from '@threadline/contracts';
import type { PlatformConfig } from '@threadline/platform';
import { z } from 'zod';

/** The profile service's own settings, added to the platform's. */
export const profileConfig = {
  /** The country of numbers written without a country code, in imports and lookups (same as sms-gateway). */
  SMS_DEFAULT_REGION: phoneRegion,
  /** A directory import with no chunk for this long is reported as stalled. */
  PROFILE_IMPORT_STALL_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(5 * 60_000),
};

export type ProfileConfig = PlatformConfig & z.infer<z.ZodObject<typeof profileConfig>>;
