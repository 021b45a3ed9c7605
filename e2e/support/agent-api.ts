// What the specs read from the agent API (agent-gateway's DTOs, restated: e2e speaks HTTP only),
// and the calls more than one spec makes.
import type { AgentClient, HttpAnswer } from '@threadline/testkit';

export interface List<T> {
  items: T[];
}

/** An error answer; `details` as the outbound endpoints give them (SPEC A3, A4). */
export interface ErrorBody {
  error: { code: string; details?: { rule?: string; warning?: string; activeInteractionId?: string } };
}

/** An offer in the Inbox (`GET /inbox/offers`), or the data of an `offer.created` push. */
export interface Offer {
  workItemId: string;
  interactionId: string;
  requesterAddress: string | null;
  firstMessage: string | null;
}

/** A conversation as the Ongoing list and a conversation's detail show it. */
export interface Conversation {
  interactionId: string;
  state: string | null;
  assigneeId: string | null;
  requesterAddress: string | null;
  companyAddress: string | null;
  requesterUserId: string | null;
  profileId: string | null;
  identityConflict: boolean;
  identityConflictReason: string | null;
  unreadCount: number;
}

/** A line of a transcript. */
export interface TranscriptLine {
  messageId: string;
  direction: string;
  body: string;
  author: { kind: string; id: string | null };
  deliveryStatus: string | null;
  visibility: string;
}

/** `GET /interactions/{id}`: the conversation and its transcript. */
export interface ConversationDetail {
  interaction: Conversation;
  messages: TranscriptLine[];
  /** SPEC S2. */
  requesterOptedOut: { since: string; source: 'keyword' | 'provider'; keyword: string | null } | null;
}

/** `POST /outbound/precheck`: what starting a conversation would do (SPEC A1–A4). */
export interface Precheck {
  requesterAddress: string;
  rule: string;
  warning: string | null;
  confirmationRequired: boolean;
  active: Array<{
    interactionId: string;
    handledBy: string;
    assigneeId: string | null;
    assigneeName: string | null;
  }>;
}

/** `POST /outbound/conversations` once it started one. */
export interface Started {
  rule: string;
  interactionId: string;
  messageId: string;
  closedInteractionId: string | null;
}

/** The agent's Ongoing list (`GET /interactions/ongoing`). */
export async function ongoing(agent: AgentClient): Promise<Conversation[]> {
  return (await agent.expect<List<Conversation>>(200, 'GET', '/interactions/ongoing')).items;
}

/** Opens a conversation as `agent` (which marks it read for its assignee): 200 or an error. */
export function openConversation(agent: AgentClient, interactionId: string): Promise<ConversationDetail> {
  return agent.expect<ConversationDetail>(200, 'GET', `/interactions/${interactionId}`);
}

/** The pre-check of an agent-started conversation: 200 or an error. */
export function precheckConversation(agent: AgentClient, body: Record<string, unknown>): Promise<Precheck> {
  return agent.expect<Precheck>(200, 'POST', '/outbound/precheck', body);
}

/** Starts a conversation as `agent`, answering whatever status comes back. */
export function startConversation(
  agent: AgentClient,
  body: Record<string, unknown>,
): Promise<HttpAnswer<Started & ErrorBody>> {
  return agent.call<Started & ErrorBody>('POST', '/outbound/conversations', body);
}
