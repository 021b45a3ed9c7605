import { type DeliveryStatus, movesForward } from './delivery-status';

describe('delivery status (S3)', () => {
  it.each<[DeliveryStatus | null, DeliveryStatus, boolean]>([
    [null, 'sent', true],
    [null, 'queued', true],
    ['queued', 'sent', true],
    ['queued', 'delivered', true],
    ['sent', 'undelivered', true],
    ['sent', 'failed', true],
    ['sent', 'queued', false],
    ['sent', 'sent', false],
    ['delivered', 'sent', false],
    ['delivered', 'failed', false],
    ['failed', 'delivered', false],
  ])('S3: from %s, %s moves forward: %s', (current, next, expected) => {
    expect(movesForward(current, next)).toBe(expected);
  });
});
