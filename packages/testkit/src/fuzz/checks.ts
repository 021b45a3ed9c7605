import type { Answer, FuzzedRequest } from './openapi';

/** Sends a fuzzed request to `baseUrl` with these extra headers (a token) and reads the answer as text. */
export async function sendFuzzed(
  baseUrl: string,
  request: FuzzedRequest,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${request.pathAndQuery}`, {
    method: request.method,
    headers: { ...request.headers, ...headers },
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

/** Runs a query; a pg Client's or a TypeORM DataSource's `query`, bound to its owner. */
export type RowQuery = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * The row count of every table in these schemas, as `schema.table → rows`: compared before and
 * after a refused request, it shows anything the refusal stored.
 */
export async function rowCounts(
  query: RowQuery,
  schemas: readonly string[],
): Promise<Record<string, number>> {
  const tables = (await query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [schemas],
  )) as Array<{ schema: string; name: string }>;
  if (tables.length === 0) return {};
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  const counts = (await query(
    tables
      .map(
        ({ schema, name }) =>
          `SELECT '${schema}.${name}' AS "table", count(*)::int AS n FROM ${quote(schema)}.${quote(name)}`,
      )
      .join(' UNION ALL '),
  )) as Array<{ table: string; n: number }>;
  return Object.fromEntries(counts.map(({ table, n }) => [table, n]));
}

/** The tables whose count differs between two snapshots, with both counts. */
export function changedTables(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, [number, number]> {
  const changed: Record<string, [number, number]> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[table] !== after[table]) changed[table] = [before[table] ?? 0, after[table] ?? 0];
  }
  return changed;
}

/**
 * Row counts once nothing is moving: earlier accepted requests may still be settling through
 * the consumers, and a refusal must be judged against a still database.
 */
export async function settledRowCounts(
  query: RowQuery,
  schemas: readonly string[],
  options: { attempts?: number; pauseMs?: number } = {},
): Promise<Record<string, number>> {
  let previous = await rowCounts(query, schemas);
  for (let attempt = 0; attempt < (options.attempts ?? 50); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 100));
    const current = await rowCounts(query, schemas);
    if (Object.keys(changedTables(previous, current)).length === 0) return current;
    previous = current;
  }
  throw new Error('row counts never settled');
}

/** Why a service is not serving, or undefined when `/healthz` and `/readyz` both answer 200. */
export async function notServing(baseUrl: string): Promise<string | undefined> {
  for (const path of ['/healthz', '/readyz']) {
    try {
      const response = await fetch(`${baseUrl}${path}`);
      if (response.status !== 200)
        return `${baseUrl}${path} answered ${response.status} ${await response.text()}`;
    } catch (error) {
      return `${baseUrl}${path} did not answer: ${String(error)}`;
    }
  }
  return undefined;
}
