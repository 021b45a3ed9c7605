import type { AgentRole, AuthenticatedAgent } from './agent';
import { canView } from './push-routing';
import type { ConversationRecord } from './read-model';
import { isCompleted } from './views';

/** Roles that see every agent's work, every queue and every conversation (SPEC I5). */
export const SUPERVISOR_ROLES: readonly AgentRole[] = ['manager', 'admin'];

export function maySupervise(role: AgentRole): boolean {
  return SUPERVISOR_ROLES.includes(role);
}

/**
 * Who may open a conversation with its transcript (GET /interactions/{id}, and its history):
 * its assignee and the agents it is offered to (as before); managers and admins, any that exists
 * (SPEC I5); and an agent who took part in it once it is completed (SPEC I4: it stays findable by
 * them). A participant of an open conversation that another agent holds now is not let in: that
 * conversation is the holder's. `conversation` is null when the read model does not know it yet.
 */
export function mayReadConversation(
  agent: Pick<AuthenticatedAgent, 'id' | 'role'>,
  conversation: Pick<ConversationRecord, 'assigneeId' | 'state' | 'participantIds'> | null,
  openOfferAgentIds: readonly string[],
): boolean {
  if (canView(agent.id, conversation?.assigneeId ?? null, openOfferAgentIds)) return true;
  if (conversation === null) return false;
  if (maySupervise(agent.role)) return true;
  return isCompleted(conversation.state) && conversation.participantIds.includes(agent.id);
}

/**
 * Which conversations a search may return to an agent (SPEC I4): every one for managers and
 * admins; for an agent, the ones they may open without an offer, i.e. those they hold now and
 * the completed ones they took part in (the same rule as {@link mayReadConversation}).
 */
export type SearchScope = { kind: 'all' } | { kind: 'mine'; agentId: string };

export function searchScopeOf(agent: Pick<AuthenticatedAgent, 'id' | 'role'>): SearchScope {
  return maySupervise(agent.role) ? { kind: 'all' } : { kind: 'mine', agentId: agent.id };
}
