// The agent's workspace as the browser holds it: the Inbox's offers, the Ongoing list with its
// unread marks (SPEC I1–I4), the transcripts of the conversations open in tabs (I6) and the
// messaging-action prompts (M5). A reducer over what the API answers and what the socket
// pushes; `synced` replaces everything the lists hold, which is how a reconnect catches up, and
// then applies again what was pushed while the lists loaded.
import type {
  AgentPrompt,
  ConversationSummary,
  DeliveryStatus,
  InboxOffer,
  InteractionDetail,
  PushEvent,
  RequesterOptOut,
  TranscriptMessage,
} from '../api/types';

export type Connection = 'connecting' | 'live' | 'offline';

export interface WorkspaceState {
  agentId: string;
  connection: Connection;
  offers: InboxOffer[];
  ongoing: Record<string, ConversationSummary>;
  /** Transcripts of the conversations loaded in this browser, by interaction. */
  transcripts: Record<string, TranscriptMessage[]>;
  /** The last detail fetched of each loaded conversation (it may no longer be in Ongoing). */
  conversations: Record<string, ConversationSummary>;
  /** SPEC S2: whether each loaded conversation's requester opted out, as last fetched. */
  optOuts: Record<string, RequesterOptOut | null>;
  /** Conversations open as tabs, in the order they were opened (SPEC I6). */
  openIds: string[];
  /** The conversation on screen: a message for it is read as it arrives. */
  activeId: string | null;
  prompts: AgentPrompt[];
  /**
   * Pushes that arrived while a reload of the lists was in flight, and how many are in flight:
   * the reload's answer may predate them, so they are applied again on top of it.
   */
  sync: { inFlight: number; pushed: PushEvent[] };
}

export type WorkspaceAction =
  | { type: 'connection'; connection: Connection }
  /** A reload of the lists (offers, ongoing, prompts) started; it ends `synced` or `sync.failed`. */
  | { type: 'sync.started' }
  | { type: 'sync.failed' }
  | { type: 'synced'; offers: InboxOffer[]; ongoing: ConversationSummary[]; prompts: AgentPrompt[] }
  | { type: 'pushed'; event: PushEvent }
  | { type: 'conversation.loaded'; detail: InteractionDetail }
  | { type: 'conversation.opened'; interactionId: string }
  | { type: 'conversation.shown'; interactionId: string | null }
  | { type: 'conversation.closed'; interactionId: string }
  | { type: 'offer.taken'; workItemId: string }
  /** A command (end, hold, resume, transfer, wrap-up) answered with the conversation as it is now. */
  | { type: 'conversation.changed'; summary: ConversationSummary }
  /** The API took a reply: it shows at once, before (or without) its `message.appended` push. */
  | { type: 'message.sent'; interactionId: string; message: TranscriptMessage };

export function initialWorkspace(agentId: string): WorkspaceState {
  return {
    agentId,
    connection: 'connecting',
    offers: [],
    ongoing: {},
    transcripts: {},
    conversations: {},
    optOuts: {},
    openIds: [],
    activeId: null,
    prompts: [],
    sync: { inFlight: 0, pushed: [] },
  };
}

const CLOSED = new Set(['closed_complete', 'closed_abandoned']);

/** SPEC I2/I4: in Ongoing while assigned to this agent and not completed. */
export function belongsInOngoing(summary: ConversationSummary, agentId: string): boolean {
  return summary.assigneeId === agentId && !CLOSED.has(summary.state ?? '');
}

export function isClosed(state: string | null): boolean {
  return CLOSED.has(state ?? '');
}

export function workspaceReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'sync.started':
      return { ...state, sync: { inFlight: state.sync.inFlight + 1, pushed: state.sync.pushed } };
    case 'sync.failed':
      return { ...state, sync: endSync(state.sync) };
    case 'synced': {
      const ongoing: Record<string, ConversationSummary> = {};
      for (const summary of action.ongoing)
        ongoing[summary.interactionId] = readIfActive(state, summary.interactionId, summary);
      // Transcripts may have missed messages: only the one on screen is kept (and reloaded); the
      // others load when shown, since loading a conversation clears its unread mark.
      const active = state.activeId === null ? undefined : state.transcripts[state.activeId];
      const loaded: WorkspaceState = {
        ...state,
        offers: sortOffers(action.offers),
        ongoing,
        transcripts: active === undefined || state.activeId === null ? {} : { [state.activeId]: active },
        prompts: action.prompts.filter((prompt) => prompt.dismissedAt === null),
        sync: endSync(state.sync),
      };
      // An offer pushed while the lists loaded may be missing from their answer: without this it
      // stayed hidden until the next reconnect.
      return state.sync.pushed.reduce(applyPush, loaded);
    }
    case 'pushed': {
      const next = applyPush(state, action.event);
      return state.sync.inFlight === 0
        ? next
        : { ...next, sync: { ...state.sync, pushed: [...state.sync.pushed, action.event] } };
    }
    case 'conversation.loaded': {
      const { interaction, messages, requesterOptedOut } = action.detail;
      const summary: ConversationSummary = { ...interaction };
      const next = {
        ...state,
        transcripts: { ...state.transcripts, [interaction.interactionId]: sortMessages(messages) },
        conversations: { ...state.conversations, [interaction.interactionId]: summary },
        optOuts: { ...state.optOuts, [interaction.interactionId]: requesterOptedOut },
      };
      return upsertOngoing(next, summary);
    }
    case 'conversation.opened': {
      const openIds = state.openIds.includes(action.interactionId)
        ? state.openIds
        : [...state.openIds, action.interactionId];
      return markRead({ ...state, openIds, activeId: action.interactionId }, action.interactionId);
    }
    case 'conversation.shown':
      return action.interactionId === null
        ? { ...state, activeId: null }
        : markRead({ ...state, activeId: action.interactionId }, action.interactionId);
    case 'conversation.closed':
      return {
        ...state,
        openIds: state.openIds.filter((id) => id !== action.interactionId),
        activeId: state.activeId === action.interactionId ? null : state.activeId,
      };
    case 'offer.taken':
      return { ...state, offers: state.offers.filter((offer) => offer.workItemId !== action.workItemId) };
    case 'conversation.changed':
      return applySummary(state, action.summary);
    case 'message.sent': {
      const transcript = state.transcripts[action.interactionId];
      if (transcript === undefined || transcript.some((line) => line.messageId === action.message.messageId))
        return state;
      return {
        ...state,
        transcripts: {
          ...state.transcripts,
          [action.interactionId]: sortMessages([...transcript, action.message]),
        },
      };
    }
  }
}

/** One reload fewer in flight; the pushes kept for them go with the last. */
function endSync(sync: WorkspaceState['sync']): WorkspaceState['sync'] {
  const inFlight = Math.max(0, sync.inFlight - 1);
  return { inFlight, pushed: inFlight === 0 ? [] : sync.pushed };
}

function applyPush(state: WorkspaceState, event: PushEvent): WorkspaceState {
  switch (event.type) {
    case 'ready':
    case 'resync':
      return state;
    case 'offer.created':
      return {
        ...state,
        offers: sortOffers([
          ...state.offers.filter((offer) => offer.workItemId !== event.data.workItemId),
          event.data,
        ]),
      };
    case 'offer.withdrawn':
      return {
        ...state,
        offers: state.offers.filter((offer) => offer.workItemId !== event.data.workItemId),
      };
    case 'interaction.updated':
      return applySummary(state, event.data);
    case 'message.appended': {
      const { interactionId, message, unreadCount } = event.data;
      const transcript = state.transcripts[interactionId];
      const transcripts =
        transcript === undefined
          ? state.transcripts
          : {
              ...state.transcripts,
              [interactionId]: sortMessages([
                ...transcript.filter((line) => line.messageId !== message.messageId),
                keepLaterStatus(
                  transcript.find((line) => line.messageId === message.messageId),
                  message,
                ),
              ]),
            };
      const current = state.ongoing[interactionId];
      if (current === undefined) return { ...state, transcripts };
      const summary = readIfActive(state, interactionId, {
        ...current,
        unreadCount,
        lastActivityAt: later(current.lastActivityAt, message.occurredAt),
      });
      return { ...state, transcripts, ongoing: { ...state.ongoing, [interactionId]: summary } };
    }
    case 'message.status-changed': {
      const { interactionId, messageId, deliveryStatus, errorCode, failureReason } = event.data;
      const transcript = state.transcripts[interactionId];
      if (transcript === undefined) return state;
      return {
        ...state,
        transcripts: {
          ...state.transcripts,
          [interactionId]: transcript.map((line) =>
            line.messageId === messageId ? { ...line, deliveryStatus, errorCode, failureReason } : line,
          ),
        },
      };
    }
    case 'prompt.created':
      return {
        ...state,
        prompts: [...state.prompts.filter((prompt) => prompt.id !== event.data.id), event.data],
      };
    case 'prompt.dismissed':
      return { ...state, prompts: state.prompts.filter((prompt) => prompt.id !== event.data.id) };
    case 'requester.opt-out-changed':
      return {
        ...state,
        optOuts: { ...state.optOuts, [event.data.interactionId]: event.data.requesterOptedOut },
      };
  }
}

/** The conversation as the API now has it, from a push or a command's answer. */
function applySummary(state: WorkspaceState, summary: ConversationSummary): WorkspaceState {
  const next: WorkspaceState = {
    ...state,
    // Accepted by someone (this agent on another device, perhaps) or ended: no longer an offer.
    offers:
      summary.assigneeId !== null || isClosed(summary.state)
        ? state.offers.filter((offer) => offer.interactionId !== summary.interactionId)
        : state.offers,
    conversations:
      summary.interactionId in state.conversations
        ? { ...state.conversations, [summary.interactionId]: summary }
        : state.conversations,
  };
  return upsertOngoing(next, summary);
}

const STATUS_RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  failed: 2,
};

/**
 * A status push can overtake the message's own push (or follow the reply's answer shown at
 * once): the line keeps the furthest delivery status it has heard of.
 */
function keepLaterStatus(
  known: TranscriptMessage | undefined,
  incoming: TranscriptMessage,
): TranscriptMessage {
  if (known?.deliveryStatus == null || incoming.deliveryStatus === null) return incoming;
  return STATUS_RANK[known.deliveryStatus] > STATUS_RANK[incoming.deliveryStatus]
    ? {
        ...incoming,
        deliveryStatus: known.deliveryStatus,
        errorCode: known.errorCode,
        failureReason: known.failureReason,
      }
    : incoming;
}

function upsertOngoing(state: WorkspaceState, summary: ConversationSummary): WorkspaceState {
  const { [summary.interactionId]: _previous, ...others } = state.ongoing;
  if (!belongsInOngoing(summary, state.agentId)) return { ...state, ongoing: others };
  return {
    ...state,
    ongoing: { ...others, [summary.interactionId]: readIfActive(state, summary.interactionId, summary) },
  };
}

/** The conversation on screen has nothing unread: the agent is reading it. */
function readIfActive(
  state: WorkspaceState,
  interactionId: string,
  summary: ConversationSummary,
): ConversationSummary {
  return state.activeId === interactionId && summary.unreadCount > 0
    ? { ...summary, unreadCount: 0 }
    : summary;
}

function markRead(state: WorkspaceState, interactionId: string): WorkspaceState {
  const summary = state.ongoing[interactionId];
  if (summary === undefined || summary.unreadCount === 0) return state;
  return { ...state, ongoing: { ...state.ongoing, [interactionId]: { ...summary, unreadCount: 0 } } };
}

function later(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

function sortOffers(offers: InboxOffer[]): InboxOffer[] {
  return [...offers].sort((a, b) => a.offeredAt.localeCompare(b.offeredAt));
}

/** Transcript order: oldest first, by when each message was written. */
function sortMessages(messages: readonly TranscriptMessage[]): TranscriptMessage[] {
  return [...messages].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** SPEC I2: Ongoing, most recently active first. */
export function ongoingList(state: WorkspaceState): ConversationSummary[] {
  return Object.values(state.ongoing).sort((a, b) =>
    (b.lastActivityAt ?? b.createdAt ?? '').localeCompare(a.lastActivityAt ?? a.createdAt ?? ''),
  );
}

/** SPEC I3: the Ongoing tab's badge counts the conversations with unread requester messages. */
export function ongoingBadge(state: WorkspaceState): number {
  return Object.values(state.ongoing).filter((summary) => summary.unreadCount > 0).length;
}
