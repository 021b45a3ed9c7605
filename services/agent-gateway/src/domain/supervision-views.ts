import type { ConversationRecord } from './read-model';
import type { ActorKind, QueueState, StateChangeCause } from './supervision';
import { type ConversationSummary, toConversationSummary, type TranscriptMessage } from './views';

/** What managers and searches show of a conversation, on top of its summary. Times are ISO strings. */

export interface QueueView {
  state: QueueState;
  workItemId: string | null;
  queueId: string | null;
  queueName: string | null;
  priority: number | null;
  /** When it (again) started waiting in its queue. */
  queuedAt: string | null;
  /** When it first entered routing (SPEC W8: a reassigned item keeps its age). */
  enqueuedAt: string | null;
  /** The agent it is offered to, while it is. */
  offeredAgentId: string | null;
  offeredAt: string | null;
}

export interface ConversationSupervision {
  queue: QueueView | null;
  closedAt: string | null;
  closedCause: StateChangeCause | null;
  closedBy: { kind: ActorKind; id: string | null } | null;
  /** Agents who were its assignee or wrote in it, sorted. */
  participantIds: string[];
  /** Since when the requester waits for a reply (their first unanswered message), if they do. */
  awaitingReplySince: string | null;
}

export type ConversationOverview = ConversationSummary & ConversationSupervision;

/** A part of a search snippet: matched words are marked so a client can highlight them as it likes. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchMatch {
  /** The first message, in transcript order, that has the words. */
  messageId: string;
  occurredAt: string;
  snippet: SnippetPart[];
}

export type SearchHit = ConversationOverview & { match: SearchMatch | null };

export type HistoryEntry = ConversationOverview & { messages: TranscriptMessage[] };

/** The manager's view of ongoing work or of a queue: how long it has waited, in ms (null: it does not). */
export type SupervisedConversation = ConversationOverview & { waitingMs: number | null };

const iso = (date: Date | null) => date?.toISOString() ?? null;

function toQueueView(c: ConversationRecord): QueueView | null {
  if (c.queueState === null) return null;
  const offered = c.queueState === 'offered';
  return {
    state: c.queueState,
    workItemId: c.workItemId,
    queueId: c.queueId,
    queueName: c.queueName,
    priority: c.queuePriority,
    queuedAt: iso(c.queuedAt),
    enqueuedAt: iso(c.enqueuedAt),
    offeredAgentId: offered ? c.offeredAgentId : null,
    offeredAt: offered ? iso(c.offeredAt) : null,
  };
}

export function toConversationOverview(c: ConversationRecord): ConversationOverview {
  return {
    ...toConversationSummary(c),
    queue: toQueueView(c),
    closedAt: iso(c.closedAt),
    closedCause: c.closedCause,
    closedBy: c.closedByKind === null ? null : { kind: c.closedByKind, id: c.closedById },
    participantIds: c.participantIds,
    awaitingReplySince: iso(c.awaitingReplySince),
  };
}

/** How long since `since`, never negative (clocks of different machines). */
export function waitingMs(since: Date | null, now: Date): number | null {
  return since === null ? null : Math.max(0, now.getTime() - since.getTime());
}

/**
 * I5: an ongoing conversation waits from the requester's first unanswered message; one in a
 * queue from when it entered routing (W8), or from its start while that is not known.
 */
export function toOngoingWork(c: ConversationRecord, now: Date): SupervisedConversation {
  return { ...toConversationOverview(c), waitingMs: waitingMs(c.awaitingReplySince, now) };
}

export function toQueuedWork(c: ConversationRecord, now: Date): SupervisedConversation {
  return { ...toConversationOverview(c), waitingMs: waitingMs(c.enqueuedAt ?? c.createdAt, now) };
}

/**
 * Marks ts_headline puts around matched words. Private-use characters: the database removes
 * them from bodies before highlighting, so a message cannot forge a highlight.
 */
export const SNIPPET_START = '\uE000';
export const SNIPPET_STOP = '\uE001';

/** A ts_headline result with {@link SNIPPET_START}/{@link SNIPPET_STOP} marks, as parts. */
export function toSnippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  for (const [index, piece] of headline.split(SNIPPET_START).entries()) {
    if (index === 0) {
      push(piece.replaceAll(SNIPPET_STOP, ''), false);
      continue;
    }
    const stop = piece.indexOf(SNIPPET_STOP);
    if (stop === -1) {
      push(piece, true);
      continue;
    }
    push(piece.slice(0, stop), true);
    push(piece.slice(stop + 1).replaceAll(SNIPPET_STOP, ''), false);
  }
  return parts;
}
