import { applyStatus, outboundStatusPlan, type SimMessage } from './message';

function queuedMessage(at: Date): SimMessage {
  return {
    provider: 'twilio',
    sid: 'SM00000000000000000000000000000001',
    accountSid: 'AC00000000000000000000000000000001',
    direction: 'outbound-api',
    from: '+15550100001',
    to: '+15551230001',
    body: 'hello',
    mediaUrls: [],
    numSegments: 1,
    status: 'queued',
    errorCode: null,
    statusCallback: null,
    dateCreated: at,
    dateUpdated: at,
    dateSent: null,
    statusHistory: [{ status: 'queued', errorCode: null, at }],
    webhookAttempts: [],
  };
}

describe('outboundStatusPlan', () => {
  it('should go sent then delivered for a reachable phone', () => {
    expect(outboundStatusPlan(undefined)).toEqual([
      { status: 'sent', errorCode: null },
      { status: 'delivered', errorCode: null },
    ]);
  });

  it('should go sent then the configured failure with its error code', () => {
    const plan = outboundStatusPlan({ phone: '+15550009999', status: 'undelivered', errorCode: 30003 });
    expect(plan).toEqual([
      { status: 'sent', errorCode: null },
      { status: 'undelivered', errorCode: 30003 },
    ]);
  });
});

describe('applyStatus', () => {
  it('should record the change and set dateSent on sent only', () => {
    const created = new Date('2025-01-01T00:00:00Z');
    const sentAt = new Date('2025-01-01T00:00:01Z');
    const deliveredAt = new Date('2025-01-01T00:00:02Z');
    const message = queuedMessage(created);

    applyStatus(message, { status: 'sent', errorCode: null }, sentAt);
    applyStatus(message, { status: 'delivered', errorCode: null }, deliveredAt);

    expect(message.status).toBe('delivered');
    expect(message.dateSent).toBe(sentAt);
    expect(message.dateUpdated).toBe(deliveredAt);
    expect(message.statusHistory.map((change) => change.status)).toEqual(['queued', 'sent', 'delivered']);
  });
});
