import type { AppError } from '@threadline/platform';
import { encodeCursor } from '../../domain/page-cursor';
import {
  historyQuery,
  ongoingWorkQuery,
  phoneNumberOf,
  searchQuery,
  waitingWorkQuery,
} from './search-requests';

const ID = '01970000-0000-7000-8000-0000000000c1';
const issuesOf = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

describe('search and supervision queries (SPEC I4, I5)', () => {
  it('I4: a search with nothing given finds closed conversations, 20 at a time', () => {
    expect(searchQuery.parse({})).toEqual({ state: 'closed', limit: 20 });
  });

  it('I4: accepts a range whose ends are equal, in any zone, and refuses to before from', () => {
    expect(
      searchQuery.safeParse({ from: '2025-03-01T11:00:00+01:00', to: '2025-03-01T10:00:00Z' }).success,
    ).toBe(true);
    expect(
      issuesOf(searchQuery.safeParse({ from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' })),
    ).toEqual([{ path: 'to', message: 'must not be before from' }]);
  });

  it('I4: refuses a time without a zone and a date alone, saying what is expected', () => {
    for (const from of ['2025-03-01T10:00:00', '2025-03-01']) {
      expect(issuesOf(searchQuery.safeParse({ from }))).toEqual([
        { path: 'from', message: expect.stringContaining('ISO 8601 date and time with a zone') },
      ]);
    }
  });

  it('I4: refuses an unknown parameter, so a misspelt filter does not widen the search', () => {
    expect(issuesOf(searchQuery.safeParse({ requestor: '+15551230001' }))).toEqual([
      { path: '', message: expect.stringContaining('requestor') },
    ]);
  });

  it('I4/I5: takes back the cursors it gave, and nothing else', () => {
    const searchCursor = encodeCursor(['2025-03-01T10:00:00.123456', ID]);
    expect(searchQuery.parse({ cursor: searchCursor }).cursor).toEqual(['2025-03-01T10:00:00.123456', ID]);
    expect(ongoingWorkQuery.parse({ cursor: encodeCursor(['infinity', 'infinity', ID]) }).cursor).toEqual([
      'infinity',
      'infinity',
      ID,
    ]);
    for (const cursor of [
      'not a cursor!',
      encodeCursor([ID]),
      encodeCursor(['2025-03-01T10:00:00.123', ID]),
      encodeCursor(['2025-02-30T10:00:00.000000', ID]),
      encodeCursor(['2025-03-01T10:00:00.000000', 'not-an-id']),
      encodeCursor(['2025-03-01T10:00:00.000000', ID, ID]),
    ]) {
      expect(issuesOf(searchQuery.safeParse({ cursor }))).toEqual([
        { path: 'cursor', message: 'must be the nextCursor of a previous page of this list' },
      ]);
    }
    expect(waitingWorkQuery.safeParse({ cursor: encodeCursor(['infinity', 'infinity', ID]) }).success).toBe(
      false,
    );
    expect(historyQuery.safeParse({ cursor: searchCursor }).success).toBe(true);
  });

  it('I5: lists filter by open states only, and waiting work by queued or offered', () => {
    expect(ongoingWorkQuery.safeParse({ state: 'wrap_up' }).success).toBe(true);
    expect(ongoingWorkQuery.safeParse({ state: 'closed_complete' }).success).toBe(false);
    expect(waitingWorkQuery.safeParse({ queueState: 'assigned' }).success).toBe(false);
    expect(ongoingWorkQuery.parse({})).toEqual({ limit: 50 });
  });

  it('I4: reads typed numbers in the default region, and refuses what is not one with PHONE_NUMBER_INVALID', () => {
    expect(phoneNumberOf('(555) 123-0001', 'requester', 'US')).toBe('+15551230001');
    expect(phoneNumberOf(undefined, 'requester', 'US')).toBeNull();
    expect(() => phoneNumberOf('ada', 'requester', 'US')).toThrow(
      expect.objectContaining({ code: 'PHONE_NUMBER_INVALID', status: 400 }) as AppError,
    );
  });
});
