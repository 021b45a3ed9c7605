import type { AgentRole, AuthenticatedAgent } from './agent';
import type { ConversationRecord } from './read-model';
import { isCompleted } from './views';

/** Roles that may see and correct any messaging profile. */
const PROFILE_SUPERVISORS: readonly AgentRole[] = ['manager', 'admin'];

/**
 * SPEC P5, in the words: "allowed to an agent who holds an interaction of that number
 * and to managers; anyone else gets 403". Holding means assigned to them and not completed:
 * the agent who talked to the number last week has no business correcting it today.
 * `conversations` are what the read model knows of the agent's conversations with `address`.
 */
export function mayAccessProfile(
  agent: Pick<AuthenticatedAgent, 'id' | 'role'>,
  address: string,
  conversations: ReadonlyArray<Pick<ConversationRecord, 'assigneeId' | 'requesterAddress' | 'state'>>,
): boolean {
  if (PROFILE_SUPERVISORS.includes(agent.role)) return true;
  return conversations.some(
    (conversation) =>
      conversation.assigneeId === agent.id &&
      conversation.requesterAddress === address &&
      !isCompleted(conversation.state),
  );
}

/** Loading the whole directory is an administrator's job. */
export const DIRECTORY_IMPORTER_ROLES: readonly AgentRole[] = ['admin'];

export function mayImportDirectory(role: AgentRole): boolean {
  return DIRECTORY_IMPORTER_ROLES.includes(role);
}

/** How profile's audit trail names an agent who changed something. */
export function profileActorOf(agent: Pick<AuthenticatedAgent, 'id' | 'role'>): {
  kind: 'agent';
  id: string;
  role: AgentRole;
} {
  return { kind: 'agent', id: agent.id, role: agent.role };
}
