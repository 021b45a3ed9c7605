import type { Metrics } from '@threadline/platform';
import type { Counter } from 'prom-client';

export interface QueueBacklog {
  queue: string;
  waiting: number;
  oldestWaitingSeconds: number;
}

/**
 * Routing's Prometheus metrics, per queue: what was offered, accepted, rejected, timed out or
 * auto-assigned here, items no queue condition matched (SPEC W2 fallback), and, read from the
 * database at scrape time, each queue's depth and the age of its oldest waiting item.
 */
export class RoutingMetrics {
  private readonly decisions: Counter<'queue' | 'outcome'>;
  private readonly unmatched: Counter<'queue'>;

  constructor(metrics: Metrics, backlog: () => Promise<QueueBacklog[]>) {
    this.decisions = metrics.counter({
      name: 'threadline_routing_offers_total',
      help: 'Offers and their outcomes per queue (offered, accepted, rejected, timed_out, auto_assigned, given_back)',
      labelNames: ['queue', 'outcome'] as const,
    });
    this.unmatched = metrics.counter({
      name: 'threadline_routing_unmatched_items_total',
      help: 'Work items no queue condition matched, sent to the fallback queue',
      labelNames: ['queue'] as const,
    });
    // Both gauges of one scrape come from one query: a read is reused for a tenth of a second.
    let latest: { at: number; rows: Promise<QueueBacklog[]> } | undefined;
    const read = () => {
      const now = Date.now();
      if (!latest || now - latest.at > 100) latest = { at: now, rows: backlog() };
      return latest.rows;
    };
    metrics.gauge({
      name: 'threadline_routing_queue_depth',
      help: 'Work items waiting in each queue',
      labelNames: ['queue'] as const,
      collect: async (gauge) => {
        gauge.reset();
        for (const row of await read()) gauge.set({ queue: row.queue }, row.waiting);
      },
    });
    metrics.gauge({
      name: 'threadline_routing_queue_oldest_waiting_seconds',
      help: 'Age of the oldest waiting work item in each queue (0 when none waits)',
      labelNames: ['queue'] as const,
      collect: async (gauge) => {
        gauge.reset();
        for (const row of await read()) gauge.set({ queue: row.queue }, row.oldestWaitingSeconds);
      },
    });
  }

  offered(queue: string): void {
    this.decisions.inc({ queue, outcome: 'offered' });
  }
  assigned(queue: string): void {
    this.decisions.inc({ queue, outcome: 'auto_assigned' });
  }
  accepted(queue: string): void {
    this.decisions.inc({ queue, outcome: 'accepted' });
  }
  rejected(queue: string): void {
    this.decisions.inc({ queue, outcome: 'rejected' });
  }
  timedOut(queue: string): void {
    this.decisions.inc({ queue, outcome: 'timed_out' });
  }
  givenBack(queue: string): void {
    this.decisions.inc({ queue, outcome: 'given_back' });
  }
  unmatchedItem(fallbackQueue: string): void {
    this.unmatched.inc({ queue: fallbackQueue });
  }
}
