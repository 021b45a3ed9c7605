import { schemas } from '@threadline/contracts';

/**
 * The bodies of the routing admin API: routing's own request schemas, less what the path says,
 * and strict, so that a misspelt setting is refused instead of silently ignored (a PATCH that
 * changes nothing would look like success). Conditions and schedules stay JSON here: routing
 * validates them and says where each error is.
 */

/** POST /admin/queues: every setting, and the id the client chose (a retry finds the same queue). */
export const createQueueBody = schemas.createQueueRequest.strict();

/** PATCH /admin/queues/{queueId}: the settings to change; `active: false` deactivates. */
export const updateQueueBody = schemas.updateQueueRequest.omit({ id: true }).strict();

export const orderQueuesBody = schemas.orderQueuesRequest.strict();

export const presenceStateBody = schemas.putPresenceStateRequest.omit({ name: true }).strict();

export const updateChannelBody = schemas.updateChannelRequest.omit({ name: true }).strict();

export const agentCapacityBody = schemas.setAgentCapacityRequest.omit({ agentId: true }).strict();
