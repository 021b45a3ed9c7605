/**
 * What one delivery of a send command may do, from how many times it has been delivered
 * (JetStream's delivery count, 1 for the first) and the configured number of provider attempts.
 * The waits between attempts are the platform consumer's back-off (exponential, capped, with
 * jitter: packages/platform retryDelayMs).
 */
export interface SendAttempt {
  /**
   * An earlier delivery may have reached the provider without our learning its answer (a
   * timeout, a reset, a 5xx, a crash before commit): ask the provider before sending again.
   */
  lookUpFirst: boolean;
  /** Whether this delivery may still call the provider's send. */
  maySend: boolean;
  /** A transient failure now is final: the message is recorded failed instead of retried. */
  isLast: boolean;
}

export function sendAttempt(deliveryCount: number, maxAttempts: number): SendAttempt {
  return {
    lookUpFirst: deliveryCount > 1,
    maySend: deliveryCount <= maxAttempts,
    isLast: deliveryCount >= maxAttempts,
  };
}

/**
 * JetStream's max_deliver for the send consumer: every attempt, plus one delivery to record
 * the failure should the last attempt's own transaction fail (that delivery does not send).
 * The platform consumer keeps one delivery more for a handler that never finishes.
 */
export function sendMaxDeliver(maxAttempts: number): number {
  return maxAttempts + 1;
}
