import type { PlatformConfig } from '@threadline/platform';
import { z } from 'zod';

/** Routing's own settings, added to the platform's. */
export const routingConfig = {
  /** SPEC W1: the sms channel's capacity for agents without their own. */
  ROUTING_DEFAULT_CAPACITY: z.coerce.number().int().min(0).default(4),
  /** SPEC W6: how long an offer stands before the item goes back to the queue. */
  ROUTING_OFFER_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  /** SPEC W6: the presence an agent is moved to when an offer to them times out. */
  ROUTING_OFFER_TIMEOUT_PRESENCE: z.enum(['available', 'away', 'offline']).default('away'),
  /** How often expired offers are looked for; an expiry is handled within about this long. */
  ROUTING_OFFER_SWEEP_MS: z.coerce.number().int().min(50).max(5_000).default(250),
};

export type RoutingConfig = PlatformConfig & z.infer<z.ZodObject<typeof routingConfig>>;
