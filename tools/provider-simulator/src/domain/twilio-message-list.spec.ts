import { type SimMessage } from './message';
import { listMessages, parseMessageListQuery } from './twilio-message-list';

let counter = 0;
function message(overrides: Partial<SimMessage>): SimMessage {
  counter += 1;
  const at = overrides.dateCreated ?? new Date('2026-12-01T10:00:00Z');
  return {
    sid: `SM${String(counter).padStart(32, '0')}`,
    provider: 'twilio',
    accountSid: 'AC00000000000000000000000000000001',
    direction: 'outbound-api',
    from: '+15550100001',
    to: '+15551230001',
    body: 'hello',
    mediaUrls: [],
    numSegments: 1,
    status: 'sent',
    errorCode: null,
    statusCallback: null,
    dateCreated: at,
    dateUpdated: at,
    dateSent: at,
    statusHistory: [],
    webhookAttempts: [],
    ...overrides,
  };
}

function filterOf(query: Record<string, unknown>) {
  const parsed = parseMessageListQuery(query);
  if (!('filter' in parsed)) throw new Error(`refused ${parsed.invalid}`);
  return parsed.filter;
}

describe('the Messages list (GET Messages.json)', () => {
  const older = message({ dateCreated: new Date('2026-11-30T23:59:00Z') });
  const newer = message({ dateCreated: new Date('2026-12-01T10:00:00Z') });
  const queued = message({ dateCreated: new Date('2026-12-01T10:00:05Z'), dateSent: null, status: 'queued' });
  const otherPhone = message({ to: '+15551230002' });
  const otherCompany = message({ from: '+15550100002' });
  const all = [older, newer, queued, otherPhone, otherCompany];

  it('filters by To and From, newest first', () => {
    const listed = listMessages(all, filterOf({ To: '+15551230001', From: '+15550100001' }));
    expect(listed.map((m) => m.sid)).toEqual([queued.sid, newer.sid, older.sid]);
  });

  it('filters by the UTC day of DateSent, leaving out what is not sent yet', () => {
    const pair = { To: '+15551230001', From: '+15550100001' };
    expect(listMessages(all, filterOf({ ...pair, 'DateSent>': '2026-12-01' })).map((m) => m.sid)).toEqual([
      newer.sid,
    ]);
    expect(listMessages(all, filterOf({ ...pair, 'DateSent<': '2026-11-30' })).map((m) => m.sid)).toEqual([
      older.sid,
    ]);
    expect(listMessages(all, filterOf({ ...pair, DateSent: '2026-11-30' })).map((m) => m.sid)).toEqual([
      older.sid,
    ]);
  });

  it('returns at most PageSize messages (50 unless asked)', () => {
    expect(listMessages(all, filterOf({ PageSize: '2' }))).toHaveLength(2);
    expect(filterOf({}).pageSize).toBe(50);
  });

  it('refuses a DateSent that is not a day, and a PageSize out of range', () => {
    expect(parseMessageListQuery({ 'DateSent>': 'yesterday' })).toEqual({ invalid: 'DateSent>' });
    expect(parseMessageListQuery({ PageSize: '0' })).toEqual({ invalid: 'PageSize' });
    expect(parseMessageListQuery({ PageSize: '1001' })).toEqual({ invalid: 'PageSize' });
  });
});
