import type { Metrics } from '@threadline/platform';
import type { Counter, Histogram } from 'prom-client';
import type { TimerOutcome } from '../domain/firing';

/** Why timers were disarmed. */
export type DisarmReason = 'message' | 'closed' | 'action_deleted';

/**
 * The timer service's Prometheus metrics (issue 12): timers pending (read from the store at
 * scrape time, at most every few seconds: a count over a million rows is not free), arms, fires by
 * outcome and action, how late they fired, and disarms by reason.
 */
export class TimerMetrics {
  private readonly arms: Counter<never>;
  private readonly fires: Counter<'outcome' | 'kind'>;
  private readonly lateness: Histogram<never>;
  private readonly disarms: Counter<'reason'>;

  constructor(metrics: Metrics, pending: () => Promise<number>, pendingCacheMs = 5_000) {
    this.arms = metrics.counter({
      name: 'threadline_timer_arms_total',
      help: 'Timers armed by messages (SPEC M1, M2)',
      labelNames: [] as const,
    });
    this.fires = metrics.counter({
      name: 'threadline_timer_fires_total',
      help: 'Timers fired, by outcome (ran, filtered_out, interaction_closed, ...) and action kind',
      labelNames: ['outcome', 'kind'] as const,
    });
    this.lateness = metrics.histogram({
      name: 'threadline_timer_fire_lateness_seconds',
      help: 'How long after its deadline a timer fired (SPEC M6: within a second)',
      labelNames: [] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.disarms = metrics.counter({
      name: 'threadline_timer_disarms_total',
      help: 'Timers disarmed, by reason (message: the other side answered; closed; action_deleted)',
      labelNames: ['reason'] as const,
    });
    let latest: { at: number; count: Promise<number> } | undefined;
    metrics.gauge({
      name: 'threadline_timer_pending',
      help: 'Timers armed and waiting for their deadline',
      labelNames: [] as const,
      collect: async (gauge) => {
        const now = Date.now();
        if (!latest || now - latest.at > pendingCacheMs) latest = { at: now, count: pending() };
        gauge.set(await latest.count);
      },
    });
  }

  armed(count: number): void {
    if (count > 0) this.arms.inc(count);
  }

  disarmed(reason: DisarmReason, count: number): void {
    if (count > 0) this.disarms.inc({ reason }, count);
  }

  fired(outcome: TimerOutcome, kind: string, latenessMs: number): void {
    this.fires.inc({ outcome, kind });
    this.lateness.observe(Math.max(0, latenessMs) / 1000);
  }
}
