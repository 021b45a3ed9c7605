import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { TraceAwareClient } from './trace-aware-client';

/**
 * Named prepared statements for every parameterised query, without touching a query's text:
 * Postgres parses (and, once it trusts a generic plan, plans) each statement once per connection
 * instead of on every call. Measured here, a hot statement costs the server 200 µs of CPU unnamed
 * and 115 µs named, and most of Postgres's work per SMS is such statements (docs/performance.md).
 *
 * Behind PgBouncer in transaction pooling before 1.21 (or with `max_prepared_statements` 0) a
 * statement prepared on one server connection is missing on the next: set
 * DATABASE_PREPARED_STATEMENTS=false there.
 */

/** How many statements one connection keeps prepared; later ones run unnamed, as before. */
export const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * Whether a statement can stay prepared across schema changes. One that selects or returns `*`
 * cannot: when a migration (run by a newer replica) adds a column, Postgres refuses to run it
 * again ("cached plan must not change result type"). Named columns keep their result type.
 */
export function preparable(text: string): boolean {
  return !/\b(?:select|returning)\s+(?:distinct\s+)?(?:[a-z_][a-z0-9_]*\.)?\*/i.test(text);
}

/** The statement's name on every connection: the same text always gets the same name. */
export function statementName(text: string): string {
  return `tl_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

/** A client that names the parameterised statements it may keep, up to the per-connection cap. */
export class PreparingClient extends TraceAwareClient {
  private readonly preparedNames = new Set<string>();

  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    // An own property over TraceAwareClient's query (and the prototype's, which tracing has
    // wrapped by now): the call still goes through them, with the statement named.
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((text: unknown, values?: unknown, callback?: unknown) => {
      const name = this.nameFor(text, values);
      return name === null ? query(text, values, callback) : query({ name, text, values }, callback);
    }) as Client['query'];
  }

  private nameFor(text: unknown, values: unknown): string | null {
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return null;
    if (!preparable(text)) return null;
    const name = statementName(text);
    if (!this.preparedNames.has(name)) {
      if (this.preparedNames.size >= MAX_PREPARED_PER_CONNECTION) return null;
      this.preparedNames.add(name);
    }
    return name;
  }
}
