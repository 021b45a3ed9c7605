import { refuseAccept, refuseOfferAnswer } from './accept-offer';

describe('refuseAccept (W6)', () => {
  it('lets the offered agent accept a standing offer', () => {
    expect(refuseAccept({ state: 'offered', agentId: 'alice' }, 'alice')).toBeNull();
  });

  it('refuses an unknown work item as OFFER_NOT_FOUND (404)', () => {
    expect(refuseAccept(null, 'alice')).toMatchObject({ code: 'OFFER_NOT_FOUND', status: 404 });
  });

  it('refuses a closed work item as OFFER_NOT_FOUND', () => {
    expect(refuseAccept({ state: 'closed', agentId: 'alice' }, 'alice')).toMatchObject({
      code: 'OFFER_NOT_FOUND',
    });
  });

  it('refuses accepting twice as OFFER_ALREADY_ACCEPTED (409)', () => {
    expect(refuseAccept({ state: 'assigned', agentId: 'alice' }, 'alice')).toMatchObject({
      code: 'OFFER_ALREADY_ACCEPTED',
      status: 409,
    });
  });

  it('refuses an offer made to someone else as OFFER_NOT_YOURS (409)', () => {
    expect(refuseAccept({ state: 'offered', agentId: 'bob' }, 'alice')).toMatchObject({
      code: 'OFFER_NOT_YOURS',
      status: 409,
    });
  });

  it('refuses a work item another agent already holds as OFFER_NOT_YOURS', () => {
    expect(refuseAccept({ state: 'assigned', agentId: 'bob' }, 'alice')).toMatchObject({
      code: 'OFFER_NOT_YOURS',
    });
  });

  it('refuses a work item that is waiting in the queue, offered to nobody', () => {
    expect(refuseAccept({ state: 'queued', agentId: null }, 'alice')).toMatchObject({
      code: 'OFFER_NOT_YOURS',
    });
  });

  describe('an offer past its deadline', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    const offered = (expiresAt: string) => ({
      state: 'offered' as const,
      agentId: 'alice',
      offerExpiresAt: new Date(expiresAt),
    });

    it('W6: is refused as OFFER_EXPIRED (409) from its deadline on, even before routing takes it back', () => {
      expect(refuseAccept(offered('2026-12-01T10:00:00.000Z'), 'alice', now)).toMatchObject({
        code: 'OFFER_EXPIRED',
        status: 409,
      });
      expect(refuseAccept(offered('2026-12-01T09:59:00.000Z'), 'alice', now)?.code).toBe('OFFER_EXPIRED');
    });

    it('W6: still stands a millisecond before it', () => {
      expect(refuseAccept(offered('2026-12-01T10:00:00.001Z'), 'alice', now)).toBeNull();
    });

    it("is someone else's offer before it is an expired one", () => {
      expect(refuseAccept(offered('2026-12-01T09:00:00.000Z'), 'bob', now)?.code).toBe('OFFER_NOT_YOURS');
    });
  });

  describe('refuseOfferAnswer: rejecting follows the same rules', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    it('W6: the offered agent may reject a standing offer; nobody else may, nor after accepting', () => {
      const standing = {
        state: 'offered' as const,
        agentId: 'alice',
        offerExpiresAt: new Date('2026-12-01T10:01:00Z'),
      };
      expect(refuseOfferAnswer(standing, 'alice', now)).toBeNull();
      expect(refuseOfferAnswer(standing, 'bob', now)?.code).toBe('OFFER_NOT_YOURS');
      expect(refuseOfferAnswer({ state: 'assigned', agentId: 'alice' }, 'alice', now)?.code).toBe(
        'OFFER_ALREADY_ACCEPTED',
      );
    });
  });
});
