import type { PlatformConfig } from '@threadline/platform';
import { z } from 'zod';

/** Routing's own settings, added to the platform's. */
export const routingConfig = {
  /** SPEC W1: the sms channel's capacity for agents without their own. */
  ROUTING_DEFAULT_CAPACITY: z.coerce.number().int().min(0).default(4),
  /** SPEC W6: how long an offer stands; shown to the agent (expiry handling: roadmap 2). */
  ROUTING_OFFER_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
};

export type RoutingConfig = PlatformConfig & z.infer<z.ZodObject<typeof routingConfig>>;
