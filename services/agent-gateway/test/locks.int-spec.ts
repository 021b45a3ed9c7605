import { createDataSource } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { conversationLockKey, lockFor, messageLockKey } from '../src/infra/database/locks';

/** Whether another transaction could take `key`'s lock now (it is released at once if so). */
async function free(dataSource: DataSource, key: string): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const [row] = await manager.query<Array<{ taken: boolean }>>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS taken`,
      [`agent-gateway:${key}`],
    );
    return row!.taken;
  });
}

describe('the read model’s advisory locks, against Postgres', () => {
  let environment: IsolatedEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: 'public',
      poolSize: 3,
      applicationName: 'locks-test',
      migrations: [],
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await environment?.dispose();
  });

  it('holds every key taken in one statement until the transaction ends, and no other', async () => {
    const conversation = conversationLockKey('01970000-0000-7000-8000-000000000001');
    const message = messageLockKey('01970000-0000-7000-8000-000000000002');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => (locked = resolve));
    const holder = dataSource.transaction(async (manager) => {
      await lockFor(manager, conversation, message);
      locked();
      await held;
    });
    await taken;

    expect(await free(dataSource, conversation)).toBe(false);
    expect(await free(dataSource, message)).toBe(false);
    expect(await free(dataSource, messageLockKey('01970000-0000-7000-8000-000000000003'))).toBe(true);
    release();
    await holder;
    expect(await free(dataSource, conversation)).toBe(true);
    expect(await free(dataSource, message)).toBe(true);
  });
});
