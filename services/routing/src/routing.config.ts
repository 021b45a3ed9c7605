import { booleanFromEnv, type PlatformConfig } from '@threadline/platform';
import { schemas } from '@threadline/contracts';
import { z } from 'zod';

/** Routing's own settings, added to the platform's. Admins change the rest through the API. */
export const routingConfig = {
  /** SPEC W1: the sms channel's capacity for agents without their own, until an admin sets one. */
  ROUTING_DEFAULT_CAPACITY: z.coerce.number().int().min(0).default(4),
  /** SPEC W6: how long an offer stands, for queues without their own timeout. */
  ROUTING_OFFER_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  /** SPEC W6: the presence an agent is moved to when an offer to them times out (queues may override). */
  ROUTING_OFFER_TIMEOUT_PRESENCE: schemas.presenceName.default('away'),
  /** How often expired offers and silent agents are looked for; each is handled within about this long. */
  ROUTING_OFFER_SWEEP_MS: z.coerce.number().int().min(50).max(5_000).default(250),
  /** SPEC W3: an agent with no open socket and no heartbeat for this long goes offline. */
  ROUTING_HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(90),
  /** SPEC W9: whether work an agent holds goes back to the queue when they stop receiving work. */
  ROUTING_REASSIGN_ON_UNAVAILABLE: booleanFromEnv.default(false),
  /**
   * How often every open queue is dispatched even without a trigger: work skipped while an agent
   * was busy on another replica, and queues whose schedule just opened.
   */
  ROUTING_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
};

export type RoutingConfig = PlatformConfig & z.infer<z.ZodObject<typeof routingConfig>>;
