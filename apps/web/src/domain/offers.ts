// SPEC I1: how an offer reads in the Inbox while it stands: how long the requester has waited
// and how long the offer still holds, both ticking with the page's clock.
import type { InboxOffer } from '../api/types';

export interface OfferTiming {
  /** How long the requester has waited, now. */
  waitingMs: number;
  /** How long the offer still stands, now; 0 once it lapsed. */
  remainingMs: number;
  expired: boolean;
}

/**
 * The gateway computes `waitingSinceMs` and `expiresInMs` at one instant, its "now" when it
 * answered: that instant is `expiresAt - expiresInMs`. So the requester started waiting at
 * that instant minus `waitingSinceMs`, whenever the offer reached the browser (a fetch or a
 * push). Once the offer lapsed the gateway clamps `expiresInMs` to 0 and `expiresAt` is the
 * best anchor left.
 */
export function offerTiming(
  offer: Pick<InboxOffer, 'expiresAt' | 'expiresInMs' | 'waitingSinceMs'>,
  nowMs: number,
): OfferTiming {
  const expiresAtMs = Date.parse(offer.expiresAt);
  const answeredAtMs = expiresAtMs - offer.expiresInMs;
  const waitingFromMs = answeredAtMs - offer.waitingSinceMs;
  const remainingMs = Math.max(0, expiresAtMs - nowMs);
  return {
    waitingMs: Math.max(offer.waitingSinceMs, nowMs - waitingFromMs),
    remainingMs,
    expired: remainingMs === 0,
  };
}

/** Who is texting: the number, else the directory user the profile names. */
export function requesterLabel(item: {
  requesterAddress: string | null;
  requesterUserId: string | null;
}): string {
  return item.requesterAddress ?? item.requesterUserId ?? 'Unknown requester';
}
