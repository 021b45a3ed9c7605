import {
  carriesErrorCode,
  type DeliveryStatus,
  fromTelnyxStatus,
  fromTwilioStatus,
  nextDeliveryStatus,
  TELNYX_MESSAGE_STATUSES,
  TWILIO_MESSAGE_STATUSES,
} from './delivery-status';

const STATUSES: DeliveryStatus[] = ['queued', 'sent', 'delivered', 'undelivered', 'failed'];

describe('fromTwilioStatus', () => {
  it.each([
    ['accepted', 'queued'],
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
  ])('S3: maps Twilio %s to %s', (twilio, ours) => {
    expect(fromTwilioStatus(twilio)).toBe(ours);
  });

  it('maps every status it claims to understand', () => {
    for (const status of TWILIO_MESSAGE_STATUSES) expect(fromTwilioStatus(status)).not.toBeNull();
  });

  it.each(['receiving', 'received', 'scheduled', 'canceled', '', 'Delivered', 'constructor', '__proto__'])(
    'does not track %j',
    (status) => {
      expect(fromTwilioStatus(status)).toBeNull();
    },
  );
});

describe('nextDeliveryStatus', () => {
  // Every pair, spelled out rather than derived from the ranks under test.
  const expected: Record<DeliveryStatus, Record<DeliveryStatus, DeliveryStatus | null>> = {
    queued: {
      queued: null,
      sent: 'sent',
      delivered: 'delivered',
      undelivered: 'undelivered',
      failed: 'failed',
    },
    sent: { queued: null, sent: null, delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' },
    delivered: { queued: null, sent: null, delivered: null, undelivered: null, failed: null },
    undelivered: { queued: null, sent: null, delivered: null, undelivered: null, failed: null },
    failed: { queued: null, sent: null, delivered: null, undelivered: null, failed: null },
  };

  const pairs = STATUSES.flatMap((current) =>
    STATUSES.map((reported) => [current, reported, expected[current][reported]] as const),
  );

  it.each(pairs)('S3: a %s message reported %s becomes %s (null: stays)', (current, reported, next) => {
    expect(nextDeliveryStatus(current, reported)).toBe(next);
  });

  it('S3: sent then delivered moves the message twice', () => {
    const afterSent = nextDeliveryStatus('queued', fromTwilioStatus('sent')!);
    expect(afterSent).toBe('sent');
    expect(nextDeliveryStatus(afterSent!, fromTwilioStatus('delivered')!)).toBe('delivered');
  });

  it('S3: a late sent after delivered changes nothing', () => {
    expect(nextDeliveryStatus('delivered', fromTwilioStatus('sent')!)).toBeNull();
  });

  it('S3: sending and accepted after queued change nothing (same rank)', () => {
    expect(nextDeliveryStatus('queued', fromTwilioStatus('sending')!)).toBeNull();
    expect(nextDeliveryStatus('queued', fromTwilioStatus('accepted')!)).toBeNull();
  });

  it('S3: a read receipt after delivered changes nothing', () => {
    expect(nextDeliveryStatus('delivered', fromTwilioStatus('read')!)).toBeNull();
  });

  it('S3: a failure after sent is final, and a later delivered does not undo it', () => {
    expect(nextDeliveryStatus('sent', 'failed')).toBe('failed');
    expect(nextDeliveryStatus('failed', 'delivered')).toBeNull();
  });
});

describe('carriesErrorCode', () => {
  it.each([
    ['queued', false],
    ['sent', false],
    ['delivered', false],
    ['undelivered', true],
    ['failed', true],
  ] as const)('S3: %s carries the provider error code: %s', (status, carries) => {
    expect(carriesErrorCode(status)).toBe(carries);
  });
});

describe('fromTelnyxStatus', () => {
  it.each([
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['delivery_failed', 'undelivered'],
    ['sending_failed', 'failed'],
    ['delivery_unconfirmed', 'sent'],
  ])('S3: maps Telnyx %s to %s', (telnyx, ours) => {
    expect(fromTelnyxStatus(telnyx)).toBe(ours);
  });

  it('maps every status it claims to understand', () => {
    for (const status of TELNYX_MESSAGE_STATUSES) expect(fromTelnyxStatus(status)).not.toBeNull();
  });

  it.each(['received', 'webhook_delivered', '', 'Delivered', 'constructor', '__proto__'])(
    'does not track %j',
    (status) => {
      expect(fromTelnyxStatus(status)).toBeNull();
    },
  );
});
