import { isOptOutRefusal } from './opt-out-refusal';

const base = {
  outboundId: '01970000-0000-7000-8000-000000000001',
  providerMessageId: null,
  interactionId: null,
};

describe('S2: a provider refusing a send to an opted-out recipient', () => {
  it.each(['21610', '40300'])('S2: a failed send with error %s is an opt-out refusal', (errorCode) => {
    expect(isOptOutRefusal({ ...base, status: 'failed', errorCode })).toBe(true);
    expect(isOptOutRefusal({ ...base, status: 'undelivered', errorCode })).toBe(true);
  });

  it('S2: the stable reason is enough, whatever the code', () => {
    expect(
      isOptOutRefusal({ ...base, status: 'failed', errorCode: '99999', reason: 'RECIPIENT_OPTED_OUT' }),
    ).toBe(true);
    expect(
      isOptOutRefusal({ ...base, status: 'failed', errorCode: null, reason: 'RECIPIENT_OPTED_OUT' }),
    ).toBe(true);
  });

  it.each([
    ['another failure', { status: 'failed', errorCode: '30003' }],
    ['a failure without a code', { status: 'failed', errorCode: null }],
    ['another reason without the code', { status: 'failed', errorCode: '30007', reason: 'CARRIER_FILTERED' }],
    ['a delivered send', { status: 'delivered', errorCode: null }],
    ['a sent send with a stray code', { status: 'sent', errorCode: '21610' }],
    ['a queued send', { status: 'queued', errorCode: null }],
  ] as const)('S2: %s is no opt-out refusal', (_name, change) => {
    expect(isOptOutRefusal({ ...base, ...change })).toBe(false);
  });
});
