/** What it reads through: a TypeORM DataSource or EntityManager. */
interface Queryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Everything about a schema a migration changes: its columns, constraints and indexes, in a stable
 * order, so migration tests can check that reverting one restores exactly what was there before.
 */
export async function schemaSnapshot(dataSource: Queryable, schema: string) {
  const query = (sql: string) => dataSource.query<Array<Record<string, unknown>>>(sql, [schema]);
  return {
    columns: await query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    ),
    constraints: await query(
      `SELECT t.relname AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 ORDER BY 1, 2`,
    ),
    indexes: await query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2`,
    ),
  };
}
