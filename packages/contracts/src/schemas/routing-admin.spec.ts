import { agentCapacity } from './routing-admin';

describe('agentCapacity (SPEC W1)', () => {
  it('takes an own capacity per channel', () => {
    const capacity = { agentId: 'agent-alice', universalCapacity: null, channels: { sms: 6 } };
    expect(agentCapacity.parse(capacity)).toEqual(capacity);
  });

  it('takes no channel at all: every channel uses its default capacity', () => {
    const capacity = { agentId: 'agent-alice', universalCapacity: 3, channels: {} };
    expect(agentCapacity.parse(capacity)).toEqual(capacity);
  });

  it('refuses a channel that does not exist, and a negative capacity', () => {
    expect(
      agentCapacity.safeParse({ agentId: 'a', universalCapacity: null, channels: { mms: 2 } }).success,
    ).toBe(false);
    expect(
      agentCapacity.safeParse({ agentId: 'a', universalCapacity: null, channels: { sms: -1 } }).success,
    ).toBe(false);
  });
});
