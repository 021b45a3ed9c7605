import { type Condition, evaluateCondition, type Facts } from '@threadline/contracts';
import type { AssignmentRule } from './choose-agent';
import { isOpenAt, type WeeklySchedule } from './schedule';

export interface RoutingQueue {
  id: string;
  name: string;
  position: number;
  active: boolean;
  /** Takes what no other queue matches; always active, with no condition or schedule. */
  fallback: boolean;
  channel: 'sms';
  /** Null matches every interaction. */
  condition: Condition | null;
  /** Null is always open. */
  schedule: WeeklySchedule | null;
  rule: AssignmentRule;
  autoAssign: boolean;
  /** Null uses the service default. */
  offerTimeoutSeconds: number | null;
  offerTimeoutPresence: string | null;
}

/** SPEC W2: a queue takes work while it is active and, when it has a schedule, within it. */
export function isQueueOpen(queue: Pick<RoutingQueue, 'active' | 'schedule'>, at: Date): boolean {
  return queue.active && (queue.schedule === null || isOpenAt(queue.schedule, at));
}

/**
 * SPEC W2: the first open queue, by order, whose condition matches the interaction; otherwise
 * the fallback queue, and `matched` false so the caller can count it. Null only when there is
 * no fallback queue either (the routing model always has one).
 */
export function selectQueue(
  queues: readonly RoutingQueue[],
  facts: Facts,
  at: Date,
): { queue: RoutingQueue; matched: boolean } | null {
  const ordered = [...queues].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  const match = ordered.find(
    (queue) =>
      !queue.fallback &&
      isQueueOpen(queue, at) &&
      (queue.condition === null || evaluateCondition(queue.condition, facts)),
  );
  if (match) return { queue: match, matched: true };
  const fallback = ordered.find((queue) => queue.fallback);
  return fallback ? { queue: fallback, matched: false } : null;
}
