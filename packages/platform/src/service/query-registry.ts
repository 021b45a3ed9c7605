import type { QueryDefinition } from '@threadline/contracts';
import type { QueryHandler } from '../nats/queries';

export interface QueryRegistration {
  query: QueryDefinition;
  handler: QueryHandler<unknown, unknown>;
}

/**
 * Where a service's NestJS providers put the queries they answer (in `onModuleInit`); the
 * runtime subscribes them once the application is initialised and drains them first at stop.
 */
export class QueryRegistry {
  private readonly registrations: QueryRegistration[] = [];

  answer<Request, Response>(
    query: QueryDefinition<Request, Response>,
    handler: QueryHandler<Request, Response>,
  ): void {
    if (this.registrations.some((existing) => existing.query.subject === query.subject)) {
      throw new Error(`query ${query.subject} is answered twice`);
    }
    this.registrations.push({ query, handler } as unknown as QueryRegistration);
  }

  all(): readonly QueryRegistration[] {
    return this.registrations;
  }
}
