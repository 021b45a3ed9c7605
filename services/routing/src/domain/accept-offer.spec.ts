import { refuseAccept } from './accept-offer';

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
});
