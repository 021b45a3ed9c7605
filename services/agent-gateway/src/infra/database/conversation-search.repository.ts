import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SearchScope } from '../../domain/conversation-access';
import type { ConversationRecord, InteractionState, MessageRecord } from '../../domain/read-model';
import type { QueueState } from '../../domain/supervision';
import { SNIPPET_START, SNIPPET_STOP } from '../../domain/supervision-views';
import { COMPLETED_STATES } from '../../domain/views';
import {
  type ConversationRow,
  type MessageRow,
  toConversationRecord,
  toMessageRecord,
} from './read-model.rows';

/**
 * The reads behind the manager's lists (SPEC I5), the search of conversations and a phone pair's
 * history (SPEC I4). Each list is paged by keyset: rows come in a total order ending with the
 * interaction id, and a page starts after the sort key of the previous page's last row. Keys
 * travel as text: times as UTC with microseconds (a JavaScript Date would cut them to
 * milliseconds and skip rows), 'infinity' standing for "none" where nulls sort last.
 */

export interface PageRequest {
  /** Rows wanted; one more is fetched to tell whether another page follows. */
  limit: number;
  /** The sort key of the previous page's last row; null for the first page. */
  after: readonly string[] | null;
}

export interface OngoingFilters {
  agentId: string | null;
  companyAddress: string | null;
  state: InteractionState | null;
}

export interface WaitingFilters {
  queueStates: readonly QueueState[];
  /** Only conversations offered to this agent. */
  agentId: string | null;
  companyAddress: string | null;
}

export interface SearchFilters {
  scope: SearchScope;
  requesterAddress: string | null;
  requesterUserId: string | null;
  companyAddress: string | null;
  /** Bounds on when the conversation was opened, both inclusive. */
  from: Date | null;
  to: Date | null;
  /** Words of the transcript, in web search syntax ("quoted phrase", or, -not). */
  words: string | null;
  /** `closed`: completed conversations only (SPEC I4); `any`: open ones too. */
  state: 'closed' | 'any';
}

export interface HistoryRequest {
  /** The current conversation: its phone pair is searched, and only conversations opened before it. */
  interactionId: string;
  requesterAddress: string;
  companyAddress: string;
}

export interface KeyedConversation {
  conversation: ConversationRecord;
  /** The row's sort key: what a cursor to the page after it holds. */
  key: string[];
}

export interface SearchRow extends KeyedConversation {
  /** The first matching message and its highlighted text, when words were searched. */
  match: { messageId: string; occurredAt: Date; headline: string } | null;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/** The final states, spelled out: partial indexes match only predicates written the same way. */
const COMPLETED_SQL = `(${COMPLETED_STATES.map((state) => `'${state}'`).join(', ')})`;
const NOT_COMPLETED = (column: string) => `(${column} IS NULL OR ${column} NOT IN ${COMPLETED_SQL})`;

/** Must stay the expression message_view_body_search_idx indexes (migration TranscriptSearch). */
const MESSAGE_WORDS = (alias: string) => `to_tsvector('simple', coalesce(${alias}.body, ''))`;

/** A time as a sort key: UTC with microseconds, or 'infinity' for none. */
const timeKey = (expression: string) =>
  `CASE WHEN ${expression} IS NULL THEN 'infinity' ELSE to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') END`;

/** Collects the WHERE clause and its parameters. */
class Conditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A time key given back by a client, as a timestamptz (validated when the cursor was read). */
  timeParam(key: string): string {
    return `(${this.param(key)}::timestamp AT TIME ZONE 'UTC')`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  where(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join('\n  AND ')}`;
  }
}

function keyOf(after: readonly string[] | null, length: number): readonly string[] | null {
  if (after === null) return null;
  if (after.length !== length) throw new Error(`a sort key of ${length} parts was expected`);
  return after;
}

/** SPEC I5: every agent's assigned, not completed conversations; the longest-waiting requester first. */
export function ongoingStatement(filters: OngoingFilters, page: PageRequest): Statement {
  const where = new Conditions();
  where.add(`c.assignee_id IS NOT NULL AND ${NOT_COMPLETED('c.state')}`);
  if (filters.agentId !== null) where.add(`c.assignee_id = ${where.param(filters.agentId)}`);
  if (filters.companyAddress !== null)
    where.add(`c.company_address = ${where.param(filters.companyAddress)}`);
  if (filters.state !== null) where.add(`c.state = ${where.param(filters.state)}`);
  const sort = [
    `coalesce(c.awaiting_reply_since, 'infinity'::timestamptz)`,
    `coalesce(c.created_at, 'infinity'::timestamptz)`,
    'c.interaction_id',
  ];
  const after = keyOf(page.after, 3);
  if (after) {
    where.add(
      `(${sort.join(', ')}) > (${where.timeParam(after[0]!)}, ${where.timeParam(after[1]!)}, ${where.param(after[2])}::uuid)`,
    );
  }
  return {
    sql: `SELECT c.*, ${timeKey('c.awaiting_reply_since')} AS key_1, ${timeKey('c.created_at')} AS key_2
  FROM conversation_view c
  ${where.where()}
  ORDER BY ${sort.join(', ')}
  LIMIT ${where.param(page.limit + 1)}`,
    params: where.params,
  };
}

/** SPEC I5 / W8: conversations waiting in queues, the one waiting longest first. */
export function waitingStatement(filters: WaitingFilters, page: PageRequest): Statement {
  const where = new Conditions();
  where.add(`c.queue_state IN ('queued', 'offered')`);
  where.add(`c.queue_state = ANY(${where.param(filters.queueStates)}::text[])`);
  // Routing closes the work item when the conversation ends; until that event arrives, the end
  // already tells it is not waiting.
  where.add(NOT_COMPLETED('c.state'));
  if (filters.agentId !== null) {
    where.add(`c.queue_state = 'offered' AND c.offered_agent_id = ${where.param(filters.agentId)}`);
  }
  if (filters.companyAddress !== null)
    where.add(`c.company_address = ${where.param(filters.companyAddress)}`);
  const waitingSince = `coalesce(c.enqueued_at, c.created_at, 'infinity'::timestamptz)`;
  const after = keyOf(page.after, 2);
  if (after) {
    where.add(
      `(${waitingSince}, c.interaction_id) > (${where.timeParam(after[0]!)}, ${where.param(after[1])}::uuid)`,
    );
  }
  return {
    sql: `SELECT c.*, ${timeKey('coalesce(c.enqueued_at, c.created_at)')} AS key_1
  FROM conversation_view c
  ${where.where()}
  ORDER BY ${waitingSince}, c.interaction_id
  LIMIT ${where.param(page.limit + 1)}`,
    params: where.params,
  };
}

/**
 * SPEC I4: conversations by requester, user, company number, when they were opened and the
 * words of their transcript, newest first. The page is chosen first; only its rows get a
 * snippet (ts_headline reads whole bodies, so it is not run on every match).
 */
export function searchStatement(filters: SearchFilters, page: PageRequest): Statement {
  const where = new Conditions();
  where.add('c.created_at IS NOT NULL');
  if (filters.state === 'closed') where.add(`c.state IN ${COMPLETED_SQL}`);
  if (filters.scope.kind === 'mine') {
    const me = where.param(filters.scope.agentId);
    where.add(
      `(c.assignee_id = ${me} OR (c.participant_ids @> ARRAY[${me}]::text[] AND c.state IN ${COMPLETED_SQL}))`,
    );
  }
  if (filters.requesterAddress !== null) {
    where.add(`c.requester_address = ${where.param(filters.requesterAddress)}`);
  }
  if (filters.requesterUserId !== null) {
    where.add(`c.requester_user_id = ${where.param(filters.requesterUserId)}`);
  }
  if (filters.companyAddress !== null)
    where.add(`c.company_address = ${where.param(filters.companyAddress)}`);
  if (filters.from !== null) where.add(`c.created_at >= ${where.param(filters.from)}`);
  if (filters.to !== null) where.add(`c.created_at <= ${where.param(filters.to)}`);
  let query: string | null = null;
  if (filters.words !== null) {
    query = `websearch_to_tsquery('simple', ${where.param(filters.words)})`;
    where.add(
      `c.interaction_id IN (SELECT m.interaction_id FROM message_view m WHERE ${MESSAGE_WORDS('m')} @@ ${query})`,
    );
  }
  const after = keyOf(page.after, 2);
  if (after) {
    where.add(
      `(c.created_at, c.interaction_id) < (${where.timeParam(after[0]!)}, ${where.param(after[1])}::uuid)`,
    );
  }
  const limit = where.param(page.limit + 1);
  const match =
    query === null
      ? `NULL::uuid AS match_message_id, NULL::timestamptz AS match_occurred_at, NULL::text AS match_headline`
      : 'hit.message_id AS match_message_id, hit.occurred_at AS match_occurred_at, hit.headline AS match_headline';
  const hit =
    query === null
      ? ''
      : `LEFT JOIN LATERAL (
    SELECT m.message_id, m.occurred_at,
           ts_headline('simple', translate(m.body, ${where.param(SNIPPET_START + SNIPPET_STOP)}, ''), ${query},
                       ${where.param(`StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=30, MinWords=12`)}) AS headline
      FROM message_view m
     WHERE m.interaction_id = page.interaction_id AND m.occurred_at IS NOT NULL AND ${MESSAGE_WORDS('m')} @@ ${query}
     ORDER BY m.occurred_at, m.gateway_sequence NULLS LAST, m.message_id
     LIMIT 1) hit ON true`;
  return {
    sql: `WITH page AS (
  SELECT c.* FROM conversation_view c
  ${where.where()}
  ORDER BY c.created_at DESC, c.interaction_id DESC
  LIMIT ${limit})
SELECT page.*, ${timeKey('page.created_at')} AS key_1, ${match}
  FROM page ${hit}
 ORDER BY page.created_at DESC, page.interaction_id DESC`,
    params: where.params,
  };
}

/** SPEC I4: the completed conversations of a phone pair opened before this one, newest first. */
export function historyStatement(current: HistoryRequest, page: PageRequest): Statement {
  const where = new Conditions();
  where.add(`c.requester_address = ${where.param(current.requesterAddress)}`);
  where.add(`c.company_address = ${where.param(current.companyAddress)}`);
  where.add(`c.state IN ${COMPLETED_SQL}`);
  // Read from the table, not passed in: a JavaScript Date would cut its microseconds.
  where.add(
    `(c.created_at, c.interaction_id) < (SELECT cur.created_at, cur.interaction_id FROM conversation_view cur WHERE cur.interaction_id = ${where.param(current.interactionId)}::uuid)`,
  );
  const after = keyOf(page.after, 2);
  if (after) {
    where.add(
      `(c.created_at, c.interaction_id) < (${where.timeParam(after[0]!)}, ${where.param(after[1])}::uuid)`,
    );
  }
  return {
    sql: `SELECT c.*, ${timeKey('c.created_at')} AS key_1
  FROM conversation_view c
  ${where.where()}
  ORDER BY c.created_at DESC, c.interaction_id DESC
  LIMIT ${where.param(page.limit + 1)}`,
    params: where.params,
  };
}

type KeyedRow = ConversationRow & { key_1: string; key_2?: string };
type SearchResultRow = KeyedRow & {
  match_message_id: string | null;
  match_occurred_at: Date | null;
  match_headline: string | null;
};

function keyed(row: KeyedRow, keyParts: 'time+id' | 'time+time+id'): KeyedConversation {
  const key =
    keyParts === 'time+id'
      ? [row.key_1, row.interaction_id]
      : [row.key_1, row.key_2 ?? 'infinity', row.interaction_id];
  return { conversation: toConversationRecord(row), key };
}

@Injectable()
export class ConversationSearchRepository {
  async ongoing(
    manager: EntityManager,
    filters: OngoingFilters,
    page: PageRequest,
  ): Promise<KeyedConversation[]> {
    const { sql, params } = ongoingStatement(filters, page);
    const rows = await manager.query<KeyedRow[]>(sql, params);
    return rows.map((row) => keyed(row, 'time+time+id'));
  }

  async waiting(
    manager: EntityManager,
    filters: WaitingFilters,
    page: PageRequest,
  ): Promise<KeyedConversation[]> {
    const { sql, params } = waitingStatement(filters, page);
    const rows = await manager.query<KeyedRow[]>(sql, params);
    return rows.map((row) => keyed(row, 'time+id'));
  }

  async search(manager: EntityManager, filters: SearchFilters, page: PageRequest): Promise<SearchRow[]> {
    const { sql, params } = searchStatement(filters, page);
    const rows = await manager.query<SearchResultRow[]>(sql, params);
    return rows.map((row) => ({
      ...keyed(row, 'time+id'),
      match:
        row.match_message_id === null || row.match_occurred_at === null || row.match_headline === null
          ? null
          : {
              messageId: row.match_message_id,
              occurredAt: row.match_occurred_at,
              headline: row.match_headline,
            },
    }));
  }

  async history(
    manager: EntityManager,
    current: HistoryRequest,
    page: PageRequest,
  ): Promise<KeyedConversation[]> {
    const { sql, params } = historyStatement(current, page);
    const rows = await manager.query<KeyedRow[]>(sql, params);
    return rows.map((row) => keyed(row, 'time+id'));
  }

  /** Whether `words` hold anything to search for (punctuation alone does not). */
  async hasSearchableWords(manager: EntityManager, words: string): Promise<boolean> {
    const [row] = await manager.query<Array<{ nodes: number }>>(
      `SELECT numnode(websearch_to_tsquery('simple', $1)) AS nodes`,
      [words],
    );
    return (row?.nodes ?? 0) > 0;
  }

  /** The transcripts of several conversations, each in the design's order; placeholders left out. */
  async transcripts(manager: EntityManager, interactionIds: string[]): Promise<Map<string, MessageRecord[]>> {
    const byConversation = new Map<string, MessageRecord[]>(interactionIds.map((id) => [id, []]));
    if (interactionIds.length === 0) return byConversation;
    const rows = await manager.query<MessageRow[]>(
      `SELECT * FROM message_view
        WHERE interaction_id = ANY($1::uuid[]) AND occurred_at IS NOT NULL
        ORDER BY interaction_id, occurred_at, gateway_sequence NULLS LAST, message_id`,
      [interactionIds],
    );
    for (const row of rows) {
      const message = toMessageRecord(row);
      if (message.interactionId !== null) byConversation.get(message.interactionId)?.push(message);
    }
    return byConversation;
  }

  /**
   * The requester's first message after the last reply by an agent or the virtual agent (SPEC
   * M1, M3), or null when none waits. Read from every stored message, so it does not depend on
   * the order messages arrived in. Call under the conversation lock, after storing the message.
   */
  async awaitingReplySince(manager: EntityManager, interactionId: string): Promise<Date | null> {
    const [row] = await manager.query<Array<{ since: Date | null }>>(
      `SELECT min(m.occurred_at) AS since FROM message_view m
        WHERE m.interaction_id = $1 AND m.direction = 'inbound'
          AND m.occurred_at > coalesce((
            SELECT max(r.occurred_at) FROM message_view r
             WHERE r.interaction_id = $1 AND r.direction = 'outbound'
               AND r.author_kind IN ('agent', 'virtual_agent')), '-infinity')`,
      [interactionId],
    );
    return row?.since ?? null;
  }
}
