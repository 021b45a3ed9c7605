import { booleanFromEnv, type PlatformConfig } from '@threadline/platform';
import { z } from 'zod';

/** Interaction's own settings, added to the platform's. */
export const interactionConfig = {
  /** Ending a conversation moves it to `wrap_up` first, and the agent completes it (default off). */
  INTERACTION_WRAP_UP_ENABLED: booleanFromEnv.default(false),
  /**
   * SPEC S4: the most SMS segments an agent's text may take (a reply, or the first message of a
   * conversation they start). At most 10: ten GSM-7 parts (1530 characters) stay within the
   * 1600 characters Twilio sends as one message.
   */
  SMS_MAX_SEGMENTS: z.coerce.number().int().min(1).max(10).default(10),
};

export type InteractionConfig = PlatformConfig & z.infer<z.ZodObject<typeof interactionConfig>>;
