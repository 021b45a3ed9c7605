// SPEC I2/I3: one Ongoing row as the agent reads it. Built for hundreds of rows: the date
// formatters are made once (a fresh toLocaleString per row would cost more than the render).
import type { ConversationSummary, TranscriptMessage } from '../api/types';
import { lastSnippet, stateLabel } from './conversation';
import { requesterLabel } from './offers';

export interface OngoingRowView {
  interactionId: string;
  requester: string;
  company: string;
  state: string;
  /** When it was last active, as a time today or a short date; null when unknown. */
  lastActivity: string | null;
  snippet: string | null;
  unread: number;
  /** "3 unread", or null when nothing is. */
  unreadText: string | null;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A time of day for today, else a short date and time, in the browser's locale. */
export function formatActivity(iso: string, today: string): string {
  const at = new Date(iso);
  return at.toDateString() === today ? timeOfDay.format(at) : dayAndTime.format(at);
}

/** `today` is `new Date().toDateString()`, taken once for the whole list. */
export function ongoingRowView(
  summary: ConversationSummary,
  transcript: readonly TranscriptMessage[] | undefined,
  today: string,
): OngoingRowView {
  const activity = summary.lastActivityAt ?? summary.createdAt;
  return {
    interactionId: summary.interactionId,
    requester: requesterLabel(summary),
    company: summary.companyAddress ?? 'Unknown number',
    state: stateLabel(summary.state),
    lastActivity: activity === null ? null : formatActivity(activity, today),
    snippet: lastSnippet(transcript, summary.firstMessage),
    unread: summary.unreadCount,
    unreadText: summary.unreadCount > 0 ? `${summary.unreadCount} unread` : null,
  };
}

interface ClickLike {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}

/**
 * The in-app path a click on a link should go to without reloading the page, or null when the
 * browser should handle it (another button, a modifier for a new tab or window, a link out of
 * the app).
 */
export function appPathOfClick(href: string | null, base: string, click: ClickLike): string | null {
  if (href === null || click.defaultPrevented || click.button !== 0) return null;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return null;
  if (!href.startsWith(`${base}/`)) return null;
  return href.slice(base.length);
}
