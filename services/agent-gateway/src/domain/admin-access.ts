import type { AgentRole } from './agent';

/** Every agent account and company number, with who may use each, is an admin's to see. */
export const ACCOUNT_ADMIN_ROLES: readonly AgentRole[] = ['admin'];
