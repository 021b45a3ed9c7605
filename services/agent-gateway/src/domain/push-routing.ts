import type { DeliveryFailureReason, DeliveryStatus } from '@threadline/contracts';
import type { AgentPrompt } from './agent-prompts';
import type { ConversationSummary, InboxOffer, TranscriptMessage } from './views';

/** Server → client WebSocket messages, by type. */
export interface PushEventData {
  /** A new offer, or one pushed again once its requester or first message arrived: replace by workItemId. */
  'offer.created': InboxOffer;
  /** The offered conversation ended before anyone accepted it: it leaves the Inbox. */
  'offer.withdrawn': { workItemId: string; interactionId: string };
  'interaction.updated': ConversationSummary;
  'message.appended': { interactionId: string; message: TranscriptMessage; unreadCount: number };
  'message.status-changed': {
    interactionId: string;
    messageId: string;
    deliveryStatus: DeliveryStatus;
    errorCode: string | null;
    failureReason: DeliveryFailureReason | null;
  };
  /** SPEC M5: a messaging action prompts the agent who holds the conversation. */
  'prompt.created': AgentPrompt;
  /** The agent dismissed the prompt (on another of their devices, perhaps): it leaves the list. */
  'prompt.dismissed': AgentPrompt;
  /** SPEC S2: the conversation's requester opted out (since when, how) or back in (null). */
  'requester.opt-out-changed': {
    interactionId: string;
    requesterOptedOut: { since: string; source: 'keyword' | 'provider'; keyword: string | null } | null;
  };
  /**
   * Pushes for this agent may have been lost (Redis, which fans them out, failed): reload the
   * views from the API, as after a reconnect. `push-lost`: a push for the agent could not be
   * published; `bus-reconnected`: the replica holding the socket was not subscribed for a while.
   */
  resync: { reason: ResyncReason };
}

export type ResyncReason = 'push-lost' | 'bus-reconnected';

export type PushType = keyof PushEventData;

export interface PushEvent<T extends PushType = PushType> {
  type: T;
  data: PushEventData[T];
  at: string;
}

/** One event and the agents whose sockets get it. */
export interface Push {
  agentIds: string[];
  event: PushEvent;
}

/**
 * Who follows a conversation: its assignee, and the agents it is offered to while their
 * offer is open. The same rule decides who may open it (GET /interactions/{id}).
 */
export function conversationAudience(
  assigneeId: string | null,
  openOfferAgentIds: readonly string[],
): string[] {
  return unique([assigneeId, ...openOfferAgentIds]);
}

export function canView(
  agentId: string,
  assigneeId: string | null,
  openOfferAgentIds: readonly string[],
): boolean {
  return conversationAudience(assigneeId, openOfferAgentIds).includes(agentId);
}

export function pushTo<T extends PushType>(
  agentIds: ReadonlyArray<string | null>,
  type: T,
  data: PushEventData[T],
  at: Date,
): Push[] {
  const recipients = unique(agentIds);
  if (recipients.length === 0) return [];
  const event: PushEvent<T> = { type, data, at: at.toISOString() };
  return [{ agentIds: recipients, event }];
}

function unique(ids: ReadonlyArray<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
