import { booleanFromEnv, type PlatformConfig } from '@threadline/platform';
import type { z } from 'zod';

/** Interaction's own settings, added to the platform's. */
export const interactionConfig = {
  /** Ending a conversation moves it to `wrap_up` first, and the agent completes it (default off). */
  INTERACTION_WRAP_UP_ENABLED: booleanFromEnv.default(false),
};

export type InteractionConfig = PlatformConfig & z.infer<z.ZodObject<typeof interactionConfig>>;
