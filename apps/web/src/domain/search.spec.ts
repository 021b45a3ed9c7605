import type { SearchHit, TranscriptMessage } from '../api/types';
import {
  EMPTY_SEARCH,
  authorOf,
  dayBound,
  hitRow,
  searchErrors,
  searchProblems,
  searchQuery,
} from './search';

describe('dayBound', () => {
  it('gives a local day’s first and last instant, with a zone', () => {
    expect(new Date(dayBound('2030-03-04', false) ?? '').getTime()).toBe(new Date(2030, 2, 4).getTime());
    expect(new Date(dayBound('2030-03-04', true) ?? '').getTime()).toBe(
      new Date(2030, 2, 4, 23, 59, 59, 999).getTime(),
    );
    expect(dayBound('2030-03-04', false)).toMatch(/Z$/);
  });

  it.each(['', '2030-3-4', '2030-02-30', 'yesterday'])('refuses %p', (text) => {
    expect(dayBound(text, false)).toBeNull();
  });
});

describe('searchQuery', () => {
  it('asks only for the filters given, closed conversations by default', () => {
    expect(searchQuery(EMPTY_SEARCH)).toEqual({ limit: 20 });
  });

  it('passes every filter, trimmed, and the dates as a range of whole days', () => {
    expect(
      searchQuery(
        {
          requester: ' (555) 730-0001 ',
          companyNumber: '+15550100001',
          userId: 'user-ada',
          from: '2030-03-01',
          to: '2030-03-02',
          q: ' refund ',
          includeOpen: true,
        },
        'cursor-2',
        50,
      ),
    ).toEqual({
      requester: '(555) 730-0001',
      companyNumber: '+15550100001',
      userId: 'user-ada',
      from: new Date(2030, 2, 1).toISOString(),
      to: new Date(2030, 2, 2, 23, 59, 59, 999).toISOString(),
      q: 'refund',
      state: 'any',
      cursor: 'cursor-2',
      limit: 50,
    });
  });

  it('leaves out blank words and numbers', () => {
    expect(searchQuery({ ...EMPTY_SEARCH, q: '   ', requester: ' ' })).toEqual({ limit: 20 });
  });
});

describe('searchProblems', () => {
  it('takes an empty form and a proper range', () => {
    expect(searchProblems(EMPTY_SEARCH)).toEqual({ byField: {}, general: [] });
    expect(searchProblems({ ...EMPTY_SEARCH, from: '2030-03-01', to: '2030-03-01' }).byField).toEqual({});
  });

  it('refuses a range that ends before it starts, beside the last day', () => {
    expect(searchProblems({ ...EMPTY_SEARCH, from: '2030-03-02', to: '2030-03-01' }).byField).toEqual({
      to: 'Must not be before the first day',
    });
  });

  it('refuses dates that are not dates', () => {
    expect(searchProblems({ ...EMPTY_SEARCH, from: '2030-02-31', to: 'x' }).byField).toEqual({
      from: 'Not a date',
      to: 'Not a date',
    });
  });

  it('refuses words with no word in them (only punctuation), as the API does', () => {
    expect(searchProblems({ ...EMPTY_SEARCH, q: '?!' }).byField).toEqual({ q: 'Give at least one word' });
    expect(searchProblems({ ...EMPTY_SEARCH, q: '"café" -refund' }).byField).toEqual({});
    expect(searchProblems({ ...EMPTY_SEARCH, q: '#1234' }).byField).toEqual({});
  });
});

describe('hitRow', () => {
  const hit: SearchHit = {
    interactionId: 'i1',
    state: 'closed_complete',
    assigneeId: null,
    requesterAddress: '+15557300001',
    companyAddress: '+15550100001',
    requesterUserId: null,
    profileId: null,
    identityConflict: false,
    identityConflictReason: null,
    firstMessage: 'My order',
    lastActivityAt: null,
    unreadCount: 0,
    createdAt: '2030-03-01T10:00:00Z',
    queue: null,
    closedAt: '2030-03-01T11:00:00Z',
    closedCause: 'agent_ended',
    closedBy: null,
    participantIds: [],
    awaitingReplySince: null,
    match: null,
  };

  it('shows the matching message’s parts when words were searched', () => {
    const snippet = [
      { text: 'about my ', match: false },
      { text: 'refund', match: true },
    ];
    expect(
      hitRow({ ...hit, match: { messageId: 'm1', occurredAt: '2030-03-01T10:01:00Z', snippet } }),
    ).toEqual({
      interactionId: 'i1',
      requester: '+15557300001',
      company: '+15550100001',
      state: 'Closed',
      openedAt: '2030-03-01T10:00:00Z',
      closedAt: '2030-03-01T11:00:00Z',
      snippet,
    });
  });

  it('shows the first message, unhighlighted, otherwise; nothing when there is none', () => {
    expect(hitRow(hit).snippet).toEqual([{ text: 'My order', match: false }]);
    expect(hitRow({ ...hit, firstMessage: null, requesterAddress: null }).snippet).toEqual([]);
  });
});

describe('searchErrors', () => {
  it('puts PHONE_NUMBER_INVALID and VALIDATION_FAILED beside the parameter they name', () => {
    expect(
      searchErrors({
        message: 'requester is not a phone number',
        fieldProblems: [
          { path: 'requester', message: 'must be a phone number, such as +15551230001' },
          { path: 'cursor', message: 'not a cursor of this list' },
        ],
      }),
    ).toEqual({
      byField: { requester: 'must be a phone number, such as +15551230001' },
      general: ['cursor: not a cursor of this list'],
    });
  });

  it('puts a refusal naming nothing above the form', () => {
    expect(searchErrors({ message: 'down', fieldProblems: [] })).toEqual({ byField: {}, general: ['down'] });
  });
});

describe('authorOf', () => {
  const message = (author: TranscriptMessage['author']): TranscriptMessage => ({
    messageId: 'm1',
    direction: 'inbound',
    author,
    body: 'Hi',
    occurredAt: '2030-03-01T10:00:00Z',
    gatewaySequence: null,
    deliveryStatus: null,
    errorCode: null,
    failureReason: null,
    visibility: 'requester_visible',
    media: [],
  });

  it.each([
    [{ kind: 'requester' as const, id: null }, 'Requester'],
    [{ kind: 'agent' as const, id: 'me' }, 'You'],
    [{ kind: 'agent' as const, id: 'agent-a001' }, 'Agent …a001'],
    [{ kind: 'virtual_agent' as const, id: null }, 'Virtual agent'],
    [{ kind: 'system' as const, id: null }, 'System'],
  ])('names %p %p', (author, label) => {
    expect(authorOf(message(author), 'me')).toBe(label);
  });
});
