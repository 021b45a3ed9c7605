import { offerTiming, requesterLabel } from './offers';

describe('offerTiming', () => {
  const answeredAt = Date.parse('2026-03-01T10:00:00.000Z');
  const offer = {
    expiresAt: new Date(answeredAt + 30_000).toISOString(),
    expiresInMs: 30_000,
    waitingSinceMs: 90_000,
  };

  it('reads as the gateway answered at the instant it answered', () => {
    expect(offerTiming(offer, answeredAt)).toEqual({
      waitingMs: 90_000,
      remainingMs: 30_000,
      expired: false,
    });
  });

  it('adds the time elapsed since to the wait and takes it off the offer', () => {
    expect(offerTiming(offer, answeredAt + 12_000)).toEqual({
      waitingMs: 102_000,
      remainingMs: 18_000,
      expired: false,
    });
  });

  it('is expired once the deadline passed, and the wait keeps growing', () => {
    expect(offerTiming(offer, answeredAt + 45_000)).toEqual({
      waitingMs: 135_000,
      remainingMs: 0,
      expired: true,
    });
  });

  it('never shows less wait than the gateway said (a browser clock running behind)', () => {
    expect(offerTiming(offer, answeredAt - 60_000).waitingMs).toBe(90_000);
  });

  it('anchors on expiresAt when the gateway answered after the offer lapsed', () => {
    const lapsed = { expiresAt: new Date(answeredAt).toISOString(), expiresInMs: 0, waitingSinceMs: 60_000 };
    expect(offerTiming(lapsed, answeredAt + 5_000)).toEqual({
      waitingMs: 65_000,
      remainingMs: 0,
      expired: true,
    });
  });
});

describe('requesterLabel', () => {
  it('prefers the number, then the user id', () => {
    expect(requesterLabel({ requesterAddress: '+15551230001', requesterUserId: 'u-1' })).toBe('+15551230001');
    expect(requesterLabel({ requesterAddress: null, requesterUserId: 'u-1' })).toBe('u-1');
    expect(requesterLabel({ requesterAddress: null, requesterUserId: null })).toBe('Unknown requester');
  });
});
