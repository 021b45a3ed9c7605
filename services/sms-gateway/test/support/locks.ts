import type { Gateway } from './gateway';

/** Transactions of this test's database waiting for an advisory lock right now. */
export async function advisoryLockWaiters(gateway: Gateway): Promise<number> {
  const [row] = await gateway.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return row!.n;
}
