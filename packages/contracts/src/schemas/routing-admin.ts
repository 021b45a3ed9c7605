import { z } from 'zod';
import { id, isoTime } from './common';

/**
 * Routing's configuration and its manager views (SPEC W1–W3, W5, W7): asked by agent-gateway for
 * admins and managers, answered by routing, which validates every field and owns the rows.
 */

/** A presence state's name: `available`, `away`, `offline`, or one an admin configured (W3). */
export const presenceName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lowercase letters, digits and _');
export const channelName = z.enum(['sms']);

export const presenceState = z.object({
  name: presenceName,
  /** Whether an agent in this state is offered work (W3, W4). */
  receivesWork: z.boolean(),
  /** The channels it receives work on; null means every channel. */
  channels: z.array(channelName).nullable(),
  /** The built-in states (`available`, `away`, `offline`) cannot be removed. */
  builtIn: z.boolean(),
});

export const listPresenceStatesRequest = z.object({});
export const listPresenceStatesResponse = z.object({ states: z.array(presenceState) });
export const putPresenceStateRequest = z.object({
  name: presenceName,
  receivesWork: z.boolean(),
  channels: z.array(channelName).nullable(),
});
export const putPresenceStateResponse = presenceState;

/** SPEC W1: a service channel's default capacity per agent and the size of one of its work items. */
export const serviceChannel = z.object({
  name: channelName,
  defaultCapacity: z.number().int().min(0).max(1000),
  itemSize: z.number().int().min(1).max(1000),
});
export const listChannelsRequest = z.object({});
export const listChannelsResponse = z.object({ channels: z.array(serviceChannel) });
export const updateChannelRequest = z.object({
  name: channelName,
  defaultCapacity: z.number().int().min(0).max(1000).optional(),
  itemSize: z.number().int().min(1).max(1000).optional(),
});
export const updateChannelResponse = serviceChannel;

/** SPEC W1: an agent's own capacities; null falls back to the channel default (or no universal cap). */
export const agentCapacity = z.object({
  agentId: z.string().min(1),
  /** Across every channel; null means only the per-channel capacities apply. */
  universalCapacity: z.number().int().min(0).max(1000).nullable(),
  /**
   * Per channel; a channel left out uses its default capacity. (A partial record: zod's record
   * over an enum would require every channel.)
   */
  channels: z.partialRecord(channelName, z.number().int().min(0).max(1000)),
});
export const setAgentCapacityRequest = agentCapacity;
export const setAgentCapacityResponse = agentCapacity;

export const assignmentRule = z.enum(['most_capacity', 'last_assigned']);

/**
 * A queue as an admin writes it. `condition` (the typed condition language, over
 * ROUTING_CONDITION_FIELDS) and `schedule` arrive as JSON and are validated by routing, which
 * answers every error with its path; null means "matches everything" and "always open".
 */
export const queueSettings = z.object({
  name: z.string().trim().min(1).max(100),
  active: z.boolean(),
  condition: z.unknown().nullable(),
  schedule: z.unknown().nullable(),
  assignmentRule,
  autoAssign: z.boolean(),
  /** Seconds an offer stands; null uses the service default. */
  offerTimeoutSeconds: z.number().int().min(5).max(86_400).nullable(),
  /** The presence an agent moves to when an offer to them times out; null uses the service default. */
  offerTimeoutPresence: presenceName.nullable(),
  members: z.array(z.string().min(1)).max(10_000),
});

export const queue = queueSettings.extend({
  id,
  /** Position in the routing order, from 1: the first active queue whose condition matches wins (W2). */
  position: z.number().int().min(1),
  /** Items with no matching queue go to the fallback queue (it has no condition). */
  fallback: z.boolean(),
  condition: z.unknown().nullable(),
  /** The condition in words, for lists. */
  conditionText: z.string().nullable(),
  updatedAt: isoTime,
});

export const listQueuesRequest = z.object({});
export const listQueuesResponse = z.object({ queues: z.array(queue) });
export const createQueueRequest = queueSettings.extend({
  /** Chosen by the caller: creating again with the same id answers the existing queue. */
  id,
  /** Where to insert it in the order; at the end when left out. */
  position: z.number().int().min(1).optional(),
});
export const queueResponse = queue;
export const updateQueueRequest = queueSettings.partial().extend({ id });
export const orderQueuesRequest = z.object({
  /** Every queue id, in the new routing order. */
  queueIds: z.array(id).min(1),
});

/** SPEC W3: who is present. Agent-gateway reports the agents with an open socket or a heartbeat. */
export const heartbeatRequest = z.object({ agentIds: z.array(z.string().min(1)).min(1).max(10_000) });
export const heartbeatResponse = z.object({ seen: z.number().int().nonnegative() });

/** A manager's read of routing: every queue's backlog and who can take work. */
export const routingOverviewRequest = z.object({});
export const queueOverview = z.object({
  id,
  name: z.string(),
  active: z.boolean(),
  /** Within its schedule now (always true without a schedule). */
  open: z.boolean(),
  fallback: z.boolean(),
  waiting: z.number().int().nonnegative(),
  offered: z.number().int().nonnegative(),
  assigned: z.number().int().nonnegative(),
  oldestWaitingSeconds: z.number().nonnegative().nullable(),
  members: z.number().int().nonnegative(),
  /** Members in a state that receives work with free capacity on the queue's channel. */
  membersAvailable: z.number().int().nonnegative(),
});
export const agentOverview = z.object({
  agentId: z.string().min(1),
  presence: presenceName,
  receivesWork: z.boolean(),
  capacity: z.number().int().nonnegative(),
  load: z.number().int().nonnegative(),
  lastSeenAt: isoTime.nullable(),
  queueIds: z.array(id),
});
export const routingOverviewResponse = z.object({
  queues: z.array(queueOverview),
  agents: z.array(agentOverview),
});
