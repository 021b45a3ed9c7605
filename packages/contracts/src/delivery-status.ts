import type { z } from 'zod';
import type { deliveryFailureReason, deliveryStatus } from './schemas/common';

export type DeliveryStatus = z.infer<typeof deliveryStatus>;

/** How far along a status is: a message's status only ever moves to a higher rank (SPEC S3). */
const RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  failed: 2,
};

/**
 * Whether a message whose status is `current` (null: none known yet) should take `next`.
 * Provider callbacks arrive out of order and more than once; a late `sent` must not undo
 * `delivered`, and once a final status is known it stays.
 */
export function isDeliveryStatusAdvance(current: DeliveryStatus | null, next: DeliveryStatus): boolean {
  if (current === null) return true;
  return RANK[next] > RANK[current];
}

export type DeliveryFailureReason = z.infer<typeof deliveryFailureReason>;
