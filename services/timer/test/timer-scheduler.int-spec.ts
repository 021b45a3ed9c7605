// The scheduler over the real store, on a manual clock: nothing waits for a deadline to pass.
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../src/app/clock';
import { type FireTimer, TimerScheduler, type TimerSchedulerOptions } from '../src/app/timer-scheduler';
import { type TimerRecord, TimerRepository } from '../src/infra/timer.repository';
import { newTimer, timerDataSource } from './support';

describe('timer: the scheduler', () => {
  let environment: IsolatedEnvironment;
  let db: DataSource;
  let otherDb: DataSource;
  let store: TimerRepository;
  let clock: ManualClock;
  const schedulers: TimerScheduler[] = [];
  const T0 = new Date('2026-12-01T10:00:00Z');
  const later = (ms: number) => new Date(clock.now().getTime() + ms);

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    db = await timerDataSource(environment.databaseUrl, 'scheduler-int');
    otherDb = await timerDataSource(environment.databaseUrl, 'scheduler-int-replica');
    store = new TimerRepository(db.manager);
  });

  afterAll(async () => {
    for (const dataSource of [db, otherDb]) if (dataSource?.isInitialized) await dataSource.destroy();
    await environment?.dispose();
  });

  beforeEach(async () => {
    await db.query(`DELETE FROM timer`);
    clock = new ManualClock(T0);
  });

  afterEach(async () => {
    for (const scheduler of schedulers.splice(0)) await scheduler.stop();
  });

  /** A scheduler recording what it fires, as the firing transaction saw it. */
  function scheduler(
    fired: TimerRecord[],
    options: TimerSchedulerOptions & { dataSource?: DataSource; fire?: FireTimer } = {},
  ) {
    const fire: FireTimer = options.fire ?? {
      write: async (batch, manager) => {
        for (const { timer } of batch) {
          // Inside the claiming transaction: the timer is already fired there.
          const [row] = await manager.query<Array<{ state: string }>>(
            `SELECT state FROM timer WHERE id = $1`,
            [timer.id],
          );
          expect(row?.state).toBe('fired');
          fired.push(timer);
        }
      },
    };
    const created = new TimerScheduler(options.dataSource ?? db, fire, clock, options);
    schedulers.push(created);
    return created;
  }

  /** Lets the wake-ups under way, and those they set for a time already passed, finish. */
  async function settle(...running: TimerScheduler[]) {
    for (let round = 0; round < 3; round++) {
      for (const each of running) await each.idle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('due timers fire once, at their deadline, soonest first', async () => {
    const fired: TimerRecord[] = [];
    const timers = [newTimer(later(10_000)), newTimer(later(20_000)), newTimer(later(20_000))];
    await store.arm(timers);
    const timerScheduler = scheduler(fired);
    timerScheduler.start();
    await timerScheduler.idle();
    expect(fired).toEqual([]);
    expect(timerScheduler.nextWakeUp()).toEqual(later(10_000));

    clock.advance(9_999);
    await settle(timerScheduler);
    expect(fired).toEqual([]);
    clock.advance(1);
    await settle(timerScheduler);
    expect(fired.map((timer) => timer.id)).toEqual([timers[0]!.id]);
    expect(timerScheduler.nextWakeUp()).toEqual(later(10_000));

    clock.advance(10_000);
    await settle(timerScheduler);
    clock.advance(120_000);
    await settle(timerScheduler);
    expect(fired.map((timer) => timer.id).sort()).toEqual(timers.map((timer) => timer.id).sort());
    for (const timer of fired) expect(timer.firedAt!.getTime() - timer.dueAt.getTime()).toBeLessThan(1_000);
    expect(await store.nextDueAt()).toBeNull();
  });

  it('looks at the store again at the horizon: a timer due beyond it, or armed elsewhere, still fires', async () => {
    const fired: TimerRecord[] = [];
    const timerScheduler = scheduler(fired, { horizonMs: 30_000 });
    timerScheduler.start();
    await timerScheduler.idle();
    expect(timerScheduler.nextWakeUp()).toEqual(later(30_000));
    const far = newTimer(later(45_000));
    await store.arm([far]); // by another replica: no notifyArmed here
    clock.advance(30_000);
    await settle(timerScheduler);
    expect(timerScheduler.nextWakeUp()).toEqual(far.dueAt);
    clock.advance(15_000);
    await settle(timerScheduler);
    expect(fired.map((timer) => timer.id)).toEqual([far.id]);
  });

  it('a timer armed sooner than the current wake-up fires on time', async () => {
    const fired: TimerRecord[] = [];
    const late = newTimer(later(25_000));
    await store.arm([late]);
    const timerScheduler = scheduler(fired);
    timerScheduler.start();
    await timerScheduler.idle();
    expect(timerScheduler.nextWakeUp()).toEqual(late.dueAt);

    const soon = newTimer(later(2_000));
    await store.arm([soon]);
    timerScheduler.notifyArmed(soon.dueAt);
    expect(timerScheduler.nextWakeUp()).toEqual(soon.dueAt);
    // A later one does not push the wake-up back.
    timerScheduler.notifyArmed(later(10_000));
    expect(timerScheduler.nextWakeUp()).toEqual(soon.dueAt);

    clock.advance(2_000);
    await settle(timerScheduler);
    expect(fired.map((timer) => [timer.id, timer.firedAt])).toEqual([[soon.id, soon.dueAt]]);
    expect(timerScheduler.nextWakeUp()).toEqual(late.dueAt);
  });

  it('a restart fires the overdue timers at once', async () => {
    const fired: TimerRecord[] = [];
    const first = scheduler(fired);
    first.start();
    await first.idle();
    const timers = [newTimer(later(5_000)), newTimer(later(50_000))];
    await store.arm(timers);
    first.notifyArmed(timers[0]!.dueAt);
    await first.stop();
    expect(first.nextWakeUp()).toBeNull();

    clock.advance(60_000);
    await settle(first);
    expect(fired).toEqual([]);

    const restarted = scheduler(fired, { dataSource: otherDb });
    restarted.start();
    await restarted.idle();
    expect(fired.map((timer) => timer.id).sort()).toEqual(timers.map((timer) => timer.id).sort());
    expect(fired.every((timer) => timer.firedAt!.getTime() === clock.now().getTime())).toBe(true);
  });

  it('a firing that fails rolls its claim back, and the timer fires later, once', async () => {
    const fired: TimerRecord[] = [];
    let failures = 1;
    const timer = newTimer(later(1_000));
    await store.arm([timer]);
    const timerScheduler = scheduler(fired, {
      retryMs: 500,
      fire: {
        write: (batch) => {
          if (failures-- > 0) return Promise.reject(new Error('outbox unavailable'));
          fired.push(...batch.map(({ timer }) => timer));
          return Promise.resolve();
        },
      },
    });
    timerScheduler.start();
    await timerScheduler.idle();
    clock.advance(1_000);
    await settle(timerScheduler);
    expect(fired).toEqual([]);
    expect(await store.find(timer.id)).toMatchObject({ state: 'armed' });
    expect(timerScheduler.nextWakeUp()).toEqual(later(500));
    clock.advance(500);
    await settle(timerScheduler);
    expect(fired.map((each) => each.id)).toEqual([timer.id]);
    clock.advance(60_000);
    await settle(timerScheduler);
    expect(fired).toHaveLength(1);
  });

  it('two replicas over the same store race on 200 due timers: each fires exactly once', async () => {
    const firedByA: TimerRecord[] = [];
    const firedByB: TimerRecord[] = [];
    const timers = Array.from({ length: 200 }, (_, index) => newTimer(later(1_000 + (index % 7))));
    await store.arm(timers);
    const replicaA = scheduler(firedByA, { batchSize: 10 });
    const replicaB = scheduler(firedByB, { batchSize: 10, dataSource: otherDb });
    replicaA.start();
    replicaB.start();
    await Promise.all([replicaA.idle(), replicaB.idle()]);
    expect([...firedByA, ...firedByB]).toEqual([]);

    clock.advance(1_006);
    await settle(replicaA, replicaB);
    const ids = [...firedByA, ...firedByB].map((timer) => timer.id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids)).toEqual(new Set(timers.map((timer) => timer.id)));
    expect(await db.query(`SELECT state, count(*)::int AS count FROM timer GROUP BY state`)).toEqual([
      { state: 'fired', count: 200 },
    ]);
  });
});
