import type { AgentRole } from './agent';

/** SPEC M1–M7: messaging actions are an admin's to configure, like routing (the timer service owns them). */
export const MESSAGING_ACTION_ADMIN_ROLES: readonly AgentRole[] = ['admin'];
