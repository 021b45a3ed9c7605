import { derivedMessageId, timesAfter } from './derived-id';

describe('derived message ids', () => {
  const inbound = '01970000-0000-7000-8000-000000000042';

  it('are the same for the same message and label, whatever the case of the id', () => {
    expect(derivedMessageId(inbound, 'va/0')).toBe(derivedMessageId(inbound.toUpperCase(), 'va/0'));
    expect(derivedMessageId(inbound, 'va/0')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('differ between labels and between messages', () => {
    const ids = new Set([
      derivedMessageId(inbound, 'va/0'),
      derivedMessageId(inbound, 'va/1'),
      derivedMessageId(inbound, 'greeting'),
      derivedMessageId('01970000-0000-7000-8000-000000000043', 'va/0'),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('timesAfter', () => {
  it('starts now, one millisecond apart', () => {
    const now = new Date('2026-01-01T10:00:00.000Z');
    expect(timesAfter(new Date('2026-01-01T09:00:00.000Z'), 2, now).map((d) => d.toISOString())).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:00:00.001Z',
    ]);
  });

  it('starts after the earlier entry when that is not in the past (another host’s clock is ahead)', () => {
    const now = new Date('2026-01-01T10:00:00.000Z');
    const ahead = new Date('2026-01-01T10:00:00.500Z');
    expect(timesAfter(ahead, 2, now).map((d) => d.toISOString())).toEqual([
      '2026-01-01T10:00:00.501Z',
      '2026-01-01T10:00:00.502Z',
    ]);
  });
});
