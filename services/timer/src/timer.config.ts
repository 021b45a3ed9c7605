import type { PlatformConfig } from '@threadline/platform';
import { z } from 'zod';

/** The timer service's own settings, added to the platform's. Admins define the actions through the API. */
export const timerConfig = {
  /** How far ahead the scheduler keeps its wake-up; it looks at the store again at least this often. */
  TIMER_HORIZON_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
  /** Timers claimed per transaction when many fall due together. */
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  /** How long the owner of a conversation has to describe it when a filtered action falls due; then it is retried. */
  TIMER_ASK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  /** How long the scheduler waits after a failed firing before it tries again. */
  TIMER_RETRY_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
};

export type TimerConfig = PlatformConfig & z.infer<z.ZodObject<typeof timerConfig>>;
