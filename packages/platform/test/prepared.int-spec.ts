import { queryPrepared } from '../src';
import { Harness } from './harness';

describe('queryPrepared', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create();
  });

  afterAll(async () => {
    await harness.dispose();
  });

  const text = `SELECT $1::int * 2 AS doubled, current_setting('search_path') AS search_path`;

  it("runs in the caller's transaction and leaves the statement prepared on that connection", async () => {
    const prepared = await harness.dataSource.transaction(async (manager) => {
      const first = await queryPrepared<{ doubled: number }>(manager, 'double_it', text, [21]);
      const second = await queryPrepared<{ doubled: number }>(manager, 'double_it', text, [4]);
      expect([first, second].map((rows) => rows[0]?.doubled)).toEqual([42, 8]);
      return manager.query<Array<{ name: string }>>(`SELECT name FROM pg_prepared_statements`);
    });
    expect(prepared.map((row) => row.name)).toContain('double_it');
  });

  it('borrows a pooled connection outside a transaction and gives it back', async () => {
    const rows = await queryPrepared<{ doubled: number; search_path: string }>(
      harness.dataSource.manager,
      'double_it',
      text,
      [5],
    );
    expect(rows).toEqual([{ doubled: 10, search_path: expect.stringContaining('svc') as string }]);
    // Every connection went back to the pool: as many calls again as the pool holds succeed.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => queryPrepared(harness.dataSource.manager, 'double_it', text, [i])),
    );
  });

  it('reports a failing statement as the driver error, with its SQLSTATE', async () => {
    await expect(
      queryPrepared(harness.dataSource.manager, 'divide_by_zero', 'SELECT 1 / $1::int', [0]),
    ).rejects.toMatchObject({ code: '22012' });
  });
});
