import { emptyConversation } from './read-model';
import {
  SNIPPET_START as S,
  SNIPPET_STOP as E,
  toConversationOverview,
  toOngoingWork,
  toQueuedWork,
  toSnippetParts,
} from './supervision-views';

const INTERACTION = '01970000-0000-7000-8000-0000000000c1';
const ALICE = '01970000-0000-7000-8000-00000000a001';
const now = new Date('2025-01-01T10:10:00.000Z');

describe('the manager’s view of a conversation (SPEC I5)', () => {
  const base = {
    ...emptyConversation(INTERACTION),
    state: 'new' as const,
    createdAt: new Date('2025-01-01T10:00:00.000Z'),
  };

  it('I5: shows the queue, and the agent of an offer only while it is offered', () => {
    const offered = {
      ...base,
      queueState: 'offered' as const,
      queueName: 'Support',
      offeredAgentId: ALICE,
      offeredAt: new Date('2025-01-01T10:08:00.000Z'),
    };
    expect(toConversationOverview(offered).queue).toMatchObject({
      state: 'offered',
      queueName: 'Support',
      offeredAgentId: ALICE,
      offeredAt: '2025-01-01T10:08:00.000Z',
    });
    expect(toConversationOverview({ ...offered, queueState: 'queued' }).queue).toMatchObject({
      state: 'queued',
      offeredAgentId: null,
      offeredAt: null,
    });
    expect(toConversationOverview(base).queue).toBeNull();
  });

  it('I5: a queued conversation waits from when it entered routing, or from its start while that is unknown', () => {
    expect(toQueuedWork({ ...base, enqueuedAt: new Date('2025-01-01T10:04:00.000Z') }, now).waitingMs).toBe(
      6 * 60_000,
    );
    expect(toQueuedWork(base, now).waitingMs).toBe(10 * 60_000);
  });

  it('I5: ongoing work waits from the first unanswered requester message, and not at all once answered', () => {
    const waiting = { ...base, awaitingReplySince: new Date('2025-01-01T10:09:00.000Z') };
    expect(toOngoingWork(waiting, now)).toMatchObject({
      waitingMs: 60_000,
      awaitingReplySince: '2025-01-01T10:09:00.000Z',
    });
    expect(toOngoingWork(base, now).waitingMs).toBeNull();
  });

  it('I4: names who ended it and why', () => {
    const ended = {
      ...base,
      state: 'closed_complete' as const,
      closedAt: new Date('2025-01-01T10:09:00.000Z'),
      closedCause: 'agent_ended' as const,
      closedByKind: 'agent' as const,
      closedById: ALICE,
      participantIds: [ALICE],
    };
    expect(toConversationOverview(ended)).toMatchObject({
      closedAt: '2025-01-01T10:09:00.000Z',
      closedCause: 'agent_ended',
      closedBy: { kind: 'agent', id: ALICE },
      participantIds: [ALICE],
    });
    expect(toConversationOverview(base).closedBy).toBeNull();
  });
});

describe('search snippets (SPEC I4)', () => {
  it('I4: splits a headline into plain and matched parts', () => {
    expect(toSnippetParts(`my ${S}refund${E} for the ${S}refund${E}`)).toEqual([
      { text: 'my ', match: false },
      { text: 'refund', match: true },
      { text: ' for the ', match: false },
      { text: 'refund', match: true },
    ]);
  });

  it('I4: joins adjacent matched words and drops empty parts', () => {
    expect(toSnippetParts(`${S}late${E}${S}delivery${E}`)).toEqual([{ text: 'latedelivery', match: true }]);
    expect(toSnippetParts('')).toEqual([]);
  });

  it('I4: a stray mark does not break the snippet', () => {
    expect(toSnippetParts(`a${E}b ${S}c`)).toEqual([
      { text: 'ab ', match: false },
      { text: 'c', match: true },
    ]);
  });
});
