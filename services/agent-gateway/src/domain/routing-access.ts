import type { AgentRole } from './agent';
import { SUPERVISOR_ROLES } from './conversation-access';

/** SPEC W1–W3, W5, W7: queues, presence states, channels and capacities are an admin's to configure. */
export const ROUTING_ADMIN_ROLES: readonly AgentRole[] = ['admin'];

/** Routing's live overview (backlogs, who is available) is for those who supervise everyone's work (I5). */
export const ROUTING_OBSERVER_ROLES: readonly AgentRole[] = SUPERVISOR_ROLES;
