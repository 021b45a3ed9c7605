// The search of closed conversations (SPEC I4): the form's filters as GET /interactions/search
// asks for them, and what the form can tell before asking.
import type { SearchHit, TranscriptMessage } from '../api/types';
import { type FieldErrors, type FieldProblem, assignFieldErrors } from './field-errors';
import { stateLabel } from './new-sms';
import { agentLabel } from './supervision';

export interface SearchForm {
  requester: string;
  companyNumber: string;
  userId: string | null;
  /** Dates as a date input gives them (yyyy-mm-dd), in the browser's time zone; '' for none. */
  from: string;
  to: string;
  q: string;
  /** Open conversations too (`state=any`); closed ones only by default. */
  includeOpen: boolean;
}

export const EMPTY_SEARCH: SearchForm = {
  requester: '',
  companyNumber: '',
  userId: null,
  from: '',
  to: '',
  q: '',
  includeOpen: false,
};

export interface SearchQuery {
  requester?: string;
  companyNumber?: string;
  userId?: string;
  from?: string;
  to?: string;
  q?: string;
  state?: 'closed' | 'any';
  cursor?: string;
  limit?: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local calendar day's first or last millisecond as an ISO instant (the API wants a zone). */
export function dayBound(date: string, end: boolean): string | null {
  const parts = DATE.exec(date);
  if (!parts) return null;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const at = end ? new Date(year, month - 1, day, 23, 59, 59, 999) : new Date(year, month - 1, day);
  return at.getMonth() === month - 1 ? at.toISOString() : null;
}

/** The query for the form, only the filters given; the page's cursor when reading on. */
export function searchQuery(form: SearchForm, cursor: string | null = null, limit = 20): SearchQuery {
  const query: SearchQuery = { limit };
  const set = <K extends keyof SearchQuery>(key: K, value: SearchQuery[K] | null) => {
    if (value !== null && value !== undefined && value !== '') query[key] = value;
  };
  set('requester', form.requester.trim());
  set('companyNumber', form.companyNumber.trim());
  set('userId', form.userId);
  set('from', form.from ? dayBound(form.from, false) : null);
  set('to', form.to ? dayBound(form.to, true) : null);
  set('q', form.q.trim());
  if (form.includeOpen) query.state = 'any';
  set('cursor', cursor);
  return query;
}

export const SEARCH_FIELDS = ['requester', 'companyNumber', 'userId', 'from', 'to', 'q'] as const;

/** What the API would refuse, found before asking: dates that are not dates or out of order. */
export function searchProblems(form: SearchForm): FieldErrors {
  const byField: Record<string, string> = {};
  if (form.from && dayBound(form.from, false) === null) byField.from = 'Not a date';
  if (form.to && dayBound(form.to, true) === null) byField.to = 'Not a date';
  if (form.from && form.to && !byField.from && !byField.to && form.from > form.to)
    byField.to = 'Must not be before the first day';
  if (form.q !== '' && form.q.trim() !== '' && !/[\p{L}\p{N}]/u.test(form.q))
    byField.q = 'Give at least one word';
  return { byField, general: [] };
}

export interface HitRow {
  interactionId: string;
  requester: string;
  company: string;
  state: string;
  openedAt: string | null;
  closedAt: string | null;
  /** The matching message's text in parts; a part with `match` is a searched word. */
  snippet: { text: string; match: boolean }[];
}

export function hitRow(hit: SearchHit): HitRow {
  return {
    interactionId: hit.interactionId,
    requester: hit.requesterAddress ?? 'Unknown',
    company: hit.companyAddress ?? 'Unknown',
    state: stateLabel(hit.state),
    openedAt: hit.createdAt,
    closedAt: hit.closedAt,
    snippet: hit.match
      ? hit.match.snippet
      : hit.firstMessage
        ? [{ text: hit.firstMessage, match: false }]
        : [],
  };
}

/** A refusal of the search: the parameters its details name beside their fields, the rest above. */
export function searchErrors(error: { message: string; fieldProblems: FieldProblem[] }): FieldErrors {
  if (error.fieldProblems.length === 0) return { byField: {}, general: [error.message] };
  return assignFieldErrors(error.fieldProblems, SEARCH_FIELDS);
}

/** Who wrote a transcript entry, as the reader of a closed conversation sees it. */
export function authorOf(message: TranscriptMessage, meId: string): string {
  switch (message.author.kind) {
    case 'requester':
      return 'Requester';
    case 'agent':
      return agentLabel(message.author.id, meId);
    case 'virtual_agent':
      return 'Virtual agent';
    case 'system':
      return 'System';
  }
}
