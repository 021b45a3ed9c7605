import type { EntityManager } from 'typeorm';

/** Wraps `manager.query`, reporting each statement's SQL and time (ms) to `add`, for where time goes. */
export function timeQueries(manager: EntityManager, add: (sql: string, ms: number) => void): void {
  const query = manager.query.bind(manager);
  manager.query = (async (sql: string, parameters?: unknown[]) => {
    const started = performance.now();
    try {
      return await query(sql, parameters);
    } finally {
      add(sql, performance.now() - started);
    }
  }) as EntityManager['query'];
}
