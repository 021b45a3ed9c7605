import { countSegments } from '@threadline/contracts';

/**
 * `num_segments` / `NumSegments` as Twilio reports it, from the one shared segment count. A
 * media-only message (empty body) still travels as one message, so it never reports 0.
 */
export function numSegments(body: string): number {
  return Math.max(1, countSegments(body).segments);
}
