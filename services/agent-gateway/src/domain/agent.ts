export const AGENT_ROLES = ['agent', 'manager', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export function isAgentRole(value: string): value is AgentRole {
  return AGENT_ROLES.some((role) => role === value);
}

/** The agent a request or a socket acts for, as the API shows them. */
export interface AuthenticatedAgent {
  id: string;
  username: string;
  displayName: string;
  role: AgentRole;
}

/** Usernames compare case-insensitively and without surrounding spaces. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}
