// The timer service booted as it runs: its scheduler starts with it and fires what is overdue.
import { runMigrations } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
} from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { TimerRepository } from '../src/infra/timer.repository';
import { timerService } from '../src/timer.service';
import { newTimer, timerDataSource } from './support';

describe('timer: the service', () => {
  let environment: IsolatedEnvironment;
  let db: DataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    await runMigrations(timerService, { ...environment.env, LOG_LEVEL: 'silent' });
    db = await timerDataSource(environment.databaseUrl, 'service-int');
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await environment?.dispose();
  });

  it('fires the timers that fell due while it was down as it starts, and stops cleanly', async () => {
    const store = new TimerRepository(db.manager);
    const overdue = newTimer(new Date(Date.now() - 60_000));
    const future = newTimer(new Date(Date.now() + 3_600_000));
    await store.arm([overdue, future]);
    const service = await bootService(timerService, environment);
    try {
      // It starts listening without waiting for the backlog, which it fires at once.
      await eventually(async () => expect(await store.find(overdue.id)).toMatchObject({ state: 'fired' }));
      expect(await store.find(future.id)).toMatchObject({ state: 'armed' });
    } finally {
      await service.stop();
    }
  });
});
