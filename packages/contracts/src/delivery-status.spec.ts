import { type DeliveryStatus, isDeliveryStatusAdvance } from './delivery-status';

const all: DeliveryStatus[] = ['queued', 'sent', 'delivered', 'undelivered', 'failed'];
const final: DeliveryStatus[] = ['delivered', 'undelivered', 'failed'];

describe('isDeliveryStatusAdvance (S3)', () => {
  it.each(all)('takes any first status (%s)', (next) => {
    expect(isDeliveryStatusAdvance(null, next)).toBe(true);
  });

  it('moves queued to sent and sent to each final status', () => {
    expect(isDeliveryStatusAdvance('queued', 'sent')).toBe(true);
    for (const next of final) {
      expect(isDeliveryStatusAdvance('sent', next)).toBe(true);
      expect(isDeliveryStatusAdvance('queued', next)).toBe(true);
    }
  });

  it('never moves backwards: a late sent does not undo delivered', () => {
    expect(isDeliveryStatusAdvance('delivered', 'sent')).toBe(false);
    expect(isDeliveryStatusAdvance('sent', 'queued')).toBe(false);
  });

  it.each(final.flatMap((current) => all.map((next) => [current, next] as const)))(
    'keeps the final status %s when %s arrives',
    (current, next) => {
      expect(isDeliveryStatusAdvance(current, next)).toBe(false);
    },
  );

  it.each(all)('ignores the same status twice (%s)', (status) => {
    expect(isDeliveryStatusAdvance(status, status)).toBe(false);
  });
});
