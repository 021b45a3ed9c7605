// The reply composer's rules: what it shows while the agent types (SPEC S4) and what it refuses
// before sending, being exactly what POST /interactions/{id}/messages would refuse.
import type { ConversationState } from '../api/types';
import { countSegments } from '@threadline/contracts/sms-segments';
import { isClosed } from './workspace';

/**
 * The longest reply the API takes, in UTF-16 units (JavaScript's `length`, as the API's
 * validator counts): `maxLength` of `SendMessageRequestDto.body` in
 * services/agent-gateway/openapi.json (the gateway's AGENT_MESSAGE_MAX_CHARS, 1600 unless
 * configured). Change it with that document.
 */
export const REPLY_MAX_LENGTH = 1600;

/** "2 segments · UCS-2 · 61 left": the count line under the composer. */
export function segmentLine(text: string): string {
  const count = countSegments(text);
  const segments = count.segments === 1 ? '1 segment' : `${count.segments} segments`;
  return `${segments} · ${count.encoding} · ${count.remainingInSegment} left`;
}

export interface ReplyContext {
  state: ConversationState | null;
  assigneeId: string | null;
  agentId: string;
  /** SPEC S4: the most segments a reply may take; null (or absent) until the API said. */
  maxSegments?: number | null;
  /** SPEC S2: the requester opted out of the company number; absent when not known. */
  optedOut?: boolean;
}

/**
 * SPEC S4: why a text is over the segment limit interaction holds it to (GET /me/message-limits),
 * or null; with the limit not known yet nothing is refused here, and the API still refuses.
 */
export function segmentProblem(text: string, maxSegments: number | null): string | null {
  if (maxSegments === null) return null;
  const { segments, encoding } = countSegments(text);
  if (segments <= maxSegments) return null;
  return `The message takes ${segments} SMS segments (${encoding}); at most ${maxSegments} are sent.`;
}

/** Why the reply cannot be sent (the API would refuse it), or null when it can. */
export function replyProblem(body: string, context: ReplyContext): string | null {
  if (isClosed(context.state)) return 'This conversation has ended: it takes no more replies.';
  if (context.assigneeId !== context.agentId)
    return 'This conversation is not yours: only its assignee replies.';
  if (context.optedOut === true)
    return 'The requester opted out of messages from this number: nothing can be sent until they opt back in (START).';
  if (body.trim() === '') return 'Write a reply first.';
  if (body.length > REPLY_MAX_LENGTH)
    return `The reply is ${body.length - REPLY_MAX_LENGTH} characters too long (at most ${REPLY_MAX_LENGTH}).`;
  return segmentProblem(body, context.maxSegments ?? null);
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends; Enter alone starts a new line. */
export function isSendShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}
