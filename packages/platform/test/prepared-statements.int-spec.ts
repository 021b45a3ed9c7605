import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/database';
import { MAX_PREPARED_PER_CONNECTION, statementName } from '../src/database/prepared-statements';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '../src/testing';

describe('named prepared statements on every connection', () => {
  let environment: IsolatedEnvironment;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await environment?.dispose();
  });

  async function open(preparedStatements?: boolean): Promise<DataSource> {
    const dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: 'public',
      poolSize: 2,
      applicationName: 'prepared-statements-test',
      migrations: [],
      ...(preparedStatements !== undefined && { preparedStatements }),
    });
    await dataSource.initialize();
    dataSources.push(dataSource);
    return dataSource;
  }

  /** Runs `work` on one connection, then lists what that connection holds prepared. */
  async function preparedAfter(
    dataSource: DataSource,
    work: (query: (text: string, values?: unknown[]) => Promise<unknown>) => Promise<void>,
  ): Promise<Array<{ name: string; statement: string }>> {
    return dataSource.transaction(async (manager) => {
      await work((text, values) => manager.query(text, values));
      return manager.query<Array<{ name: string; statement: string }>>(
        `SELECT name, statement FROM pg_prepared_statements ORDER BY name`,
      );
    });
  }

  it('prepares a parameterised statement once under its name, and runs it again by that name', async () => {
    const dataSource = await open();
    const text = 'SELECT $1::int + 1 AS n';
    const prepared = await preparedAfter(dataSource, async (query) => {
      expect(await query(text, [1])).toEqual([{ n: 2 }]);
      expect(await query(text, [41])).toEqual([{ n: 42 }]);
    });
    expect(prepared).toEqual([{ name: statementName(text), statement: text }]);
  });

  it('plans each call for its values (no generic plan), and leaves Postgres’s default when turned off', async () => {
    const mode = async (dataSource: DataSource) =>
      (await dataSource.query<Array<{ plan_cache_mode: string }>>('SHOW plan_cache_mode'))[0]
        ?.plan_cache_mode;
    expect(await mode(await open())).toBe('force_custom_plan');
    expect(await mode(await open(false))).toBe('auto');
  });

  it('leaves unnamed what has no parameters or selects every column', async () => {
    const dataSource = await open();
    const prepared = await preparedAfter(dataSource, async (query) => {
      await query('SELECT 1 AS one');
      await query('SELECT * FROM pg_class WHERE relname = $1', ['pg_class']);
    });
    expect(prepared).toEqual([]);
  });

  it(`keeps at most ${MAX_PREPARED_PER_CONNECTION} per connection, and runs the rest unnamed`, async () => {
    const dataSource = await open();
    const prepared = await preparedAfter(dataSource, async (query) => {
      for (let index = 0; index < MAX_PREPARED_PER_CONNECTION + 20; index++)
        expect(await query(`SELECT $1::int + ${index} AS n`, [1])).toEqual([{ n: index + 1 }]);
    });
    expect(prepared).toHaveLength(MAX_PREPARED_PER_CONNECTION);
  });

  it('prepares nothing when turned off (PgBouncer in transaction pooling)', async () => {
    const dataSource = await open(false);
    const prepared = await preparedAfter(dataSource, async (query) => {
      await query('SELECT $1::int + 1 AS n', [1]);
    });
    expect(prepared).toEqual([]);
  });
});
