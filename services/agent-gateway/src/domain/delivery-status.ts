import type { schemas } from '@threadline/contracts';
import type { z } from 'zod';

export type DeliveryStatus = z.infer<typeof schemas.deliveryStatus>;

/** queued < sent < delivered | undelivered | failed: the last three are final. */
const RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2 };

/**
 * SPEC S3: a status only ever moves forward, whatever order the provider's callbacks (or our
 * events) arrive in. Once final it stays, so a late `failed` does not undo a `delivered`.
 */
export function movesForward(current: DeliveryStatus | null, next: DeliveryStatus): boolean {
  return current === null || RANK[next] > RANK[current];
}
