import { context, trace } from '@opentelemetry/api';
import { Client } from 'pg';

/**
 * A pg client whose queries leave no trace when their trace is not kept. The pg instrumentation
 * (with `requireParentSpan`) builds a span for every query that has a parent, and a parent that the
 * sampler dropped is still a parent: under the shipped sampler, nine queries in ten paid for a
 * span nobody would see. Run outside that parent, the instrumentation passes the query straight
 * through. A kept trace is untouched, and so is a query with no trace at all.
 */
export class TraceAwareClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    // An own property over the prototype's query, which tracing has wrapped by now.
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const active = context.active();
      const span = trace.getSpan(active);
      if (span === undefined || span.isRecording()) return query(...args);
      return context.with(trace.deleteSpan(active), () => query(...args));
    }) as Client['query'];
  }
}
