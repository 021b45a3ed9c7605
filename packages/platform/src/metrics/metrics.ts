import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus metrics of one service. Each service gets its own registry (not the global
 * one) so that several services can run in one process, as they do in tests.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly consumed = new Counter({
    name: 'threadline_consumer_messages_total',
    help: 'Messages a consumer finished with, by outcome (handled, duplicate, retried, dead_lettered)',
    labelNames: ['consumer', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly handleSeconds = new Histogram({
    name: 'threadline_consumer_handle_seconds',
    help: 'Time to handle one message, transaction included',
    labelNames: ['consumer'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly transactionMessages = new Histogram({
    name: 'threadline_consumer_transaction_messages',
    help: 'Messages handled in one consumer transaction',
    labelNames: ['consumer'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  readonly batchFallbacks = new Counter({
    name: 'threadline_consumer_batch_fallbacks_total',
    help: 'Consumer transactions of several messages that rolled back and were handled again one message at a time',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'threadline_outbox_published_total',
    help: 'Outbox rows published to JetStream',
    registers: [this.registry],
  });

  readonly publishFailures = new Counter({
    name: 'threadline_outbox_publish_failures_total',
    help: 'Outbox publish attempts that failed and will be retried',
    registers: [this.registry],
  });

  private backlogSource?: () => Promise<{ count: number; oldestAgeSeconds: number }>;

  readonly outboxBacklog = new Gauge({
    name: 'threadline_outbox_backlog',
    help: 'Outbox rows committed but not yet published',
    registers: [this.registry],
    collect: async () => {
      if (!this.backlogSource) return;
      const backlog = await this.backlogSource();
      this.outboxBacklog.set(backlog.count);
      this.outboxOldestAgeSeconds.set(backlog.oldestAgeSeconds);
    },
  });

  readonly outboxOldestAgeSeconds = new Gauge({
    name: 'threadline_outbox_oldest_age_seconds',
    help: 'Age of the oldest unpublished outbox row',
    registers: [this.registry],
  });

  readonly outboxListenerConnected = new Gauge({
    name: 'threadline_outbox_listener_connected',
    help: "1 while the outbox relay's LISTEN connection is open (NOTIFY wakes it at once), 0 while it polls only",
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'threadline_dead_letters_total',
    help: 'Messages moved to the dead-letter list, by consumer and error code',
    labelNames: ['consumer', 'code'] as const,
    registers: [this.registry],
  });

  /**
   * A counter of the service's own, served on /metrics with the platform's. Declare each one
   * once per runtime: the registry refuses a second metric of the same name.
   */
  counter<L extends string>(declaration: {
    name: string;
    help: string;
    labelNames: readonly L[];
  }): Counter<L> {
    return new Counter({ ...declaration, registers: [this.registry] });
  }

  /**
   * A gauge of the service's own, read at scrape time by `collect` (which sets its values).
   * Declare each one once per runtime, like counters.
   */
  gauge<L extends string>(declaration: {
    name: string;
    help: string;
    labelNames: readonly L[];
    collect: (gauge: Gauge<L>) => Promise<void>;
  }): Gauge<L> {
    const { collect, ...rest } = declaration;
    const gauge: Gauge<L> = new Gauge({
      ...rest,
      registers: [this.registry],
      collect: () => collect(gauge),
    });
    return gauge;
  }

  /** A histogram of the service's own (seconds, usually), declared once per runtime like counters. */
  histogram<L extends string>(declaration: {
    name: string;
    help: string;
    labelNames: readonly L[];
    buckets: number[];
  }): Histogram<L> {
    return new Histogram({ ...declaration, registers: [this.registry] });
  }

  /** Where the backlog gauges read from at scrape time (the outbox relay). */
  measureOutboxWith(source: () => Promise<{ count: number; oldestAgeSeconds: number }>): void {
    this.backlogSource = source;
  }

  constructor(service: string, options: { defaultMetrics?: boolean } = {}) {
    this.registry.setDefaultLabels({ service });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }
}
