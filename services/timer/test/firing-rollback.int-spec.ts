// What a firing that fails leaves behind (SPEC M6). FireActionUseCase.fire runs inside the claiming
// transaction; a timer whose owner does not answer goes back alone (a savepoint), armed again with
// a back-off, while the rest of its batch fires; it is logged and counted as fired only once a
// firing committed, and given up as `failed` after its last attempt.
import { Metrics, Outbox, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { ActionCatalog } from '../src/app/action-catalog';
import { ManualClock } from '../src/app/clock';
import { FireActionUseCase, type OwnerAsker, type PreparedFiring } from '../src/app/fire-action';
import { TimerMetrics } from '../src/app/timer-metrics';
import { TimerScheduler } from '../src/app/timer-scheduler';
import { TimerRepository } from '../src/infra/timer.repository';
import { timerService } from '../src/timer.service';
import { CLOSE_ABANDONED_ACTION_ID, newTimer, timerDataSource } from './support';

/** The built-in "Remind the agent" action: prompt_agent, so firing asks the conversation's owner. */
const REMIND_AGENT_ACTION_ID = '0193a000-0000-7000-8000-00000000a701';
const RETRY_MS = 1_000;

describe('timer: a firing that rolls back', () => {
  let environment: IsolatedEnvironment;
  let db: DataSource;
  let store: TimerRepository;
  let clock: ManualClock;
  let scheduler: TimerScheduler<PreparedFiring> | undefined;
  let metrics: Metrics;
  let logged: Array<Record<string, unknown>>;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    await runMigrations(timerService, { ...environment.env, LOG_LEVEL: 'silent' });
    db = await timerDataSource(environment.databaseUrl, 'rollback-int');
    store = new TimerRepository(db.manager);
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await environment?.dispose();
  });

  beforeEach(async () => {
    await db.query(`DELETE FROM timer`);
    await db.query(`DELETE FROM outbox`);
    clock = new ManualClock();
    metrics = new Metrics('timer', { defaultMetrics: false });
    logged = [];
  });

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });

  /**
   * The scheduler wired as TimerHandlers wires it, with an owner that never answers in time, started
   * on a set_state timer (it asks no one) due before a prompt_agent one (it asks the owner).
   */
  async function startWithSilentOwner() {
    const silent: OwnerAsker = {
      ask: () => Promise.reject(new Error('TIMEOUT: no answer from interaction')),
    };
    const logger = pino(
      { level: 'info', messageKey: 'message' },
      { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const timerMetrics = new TimerMetrics(metrics, () => store.armedCount());
    const fire = new FireActionUseCase(
      new ActionCatalog(db),
      silent,
      new Outbox(timerService.schema),
      timerMetrics,
      { askTimeoutMs: 100 },
      logger,
    );
    const now = clock.now().getTime();
    const unconditional = newTimer(new Date(now - 2_000), { actionId: CLOSE_ABANDONED_ACTION_ID });
    const asking = newTimer(new Date(now - 1_000), { actionId: REMIND_AGENT_ACTION_ID });
    const later = newTimer(new Date(now + 5_000), { actionId: CLOSE_ABANDONED_ACTION_ID });
    await store.arm([unconditional, asking, later]);
    scheduler = new TimerScheduler(db, fire.firing, clock, { batchSize: 10, retryMs: RETRY_MS, logger });
    scheduler.start();
    await scheduler.idle();
    return { unconditional, asking, later, scheduler };
  }

  async function retry(running: TimerScheduler<PreparedFiring>, times: number) {
    for (let round = 0; round < times; round++) {
      clock.advance(RETRY_MS);
      await new Promise((resolve) => setImmediate(resolve));
      await running.idle();
    }
  }

  const firedLogs = (timerId: string) =>
    logged.filter((line) => line.message === 'timer fired' && line.timerId === timerId);
  const firesCounted = async () =>
    (await metrics.registry.getSingleMetric('threadline_timer_fires_total')!.get()).values.reduce(
      (sum, value) => sum + value.value,
      0,
    );

  it('a timer whose owner is silent goes back alone; the rest of its batch fires', async () => {
    const { unconditional, asking } = await startWithSilentOwner();
    expect(await store.find(unconditional.id)).toMatchObject({ state: 'fired', outcome: 'ran' });
    expect(await store.find(asking.id)).toMatchObject({ state: 'armed', outcome: null, attempts: 1 });
    const outbox = await db.query<Array<{ timer: string }>>(
      `SELECT payload->'data'->>'timerId' AS timer FROM outbox`,
    );
    expect(outbox.map((row) => row.timer)).toEqual([unconditional.id]);
  });

  it('logs and counts a timer as fired only once its firing committed', async () => {
    const { unconditional, asking } = await startWithSilentOwner();
    await retry(scheduler!, 3);
    expect(firedLogs(unconditional.id)).toHaveLength(1);
    expect(firedLogs(asking.id)).toEqual([]);
    expect(await firesCounted()).toBe(1);
    expect(await store.find(asking.id)).toMatchObject({ state: 'armed', attempts: 3 });
  });

  it('fires a due timer that asks no one although another due timer’s owner is silent', async () => {
    const { unconditional, later } = await startWithSilentOwner();
    clock.advance(5_000);
    await retry(scheduler!, 2);
    expect(await store.find(unconditional.id)).toMatchObject({ state: 'fired', outcome: 'ran' });
    expect(await store.find(later.id)).toMatchObject({ state: 'fired', outcome: 'ran' });
  });

  it('gives a timer up as failed after its last attempt, counted and logged once', async () => {
    const { asking } = await startWithSilentOwner();
    // Ten attempts: the first at the start, then after 1, 2, 4, ... seconds (at most a minute).
    for (let attempt = 1; attempt < 10; attempt++) await retry(scheduler!, 60);
    expect(await store.find(asking.id)).toMatchObject({ state: 'fired', outcome: 'failed', attempts: 10 });
    expect(logged.filter((line) => String(line.message).includes('given up'))).toHaveLength(1);
  });
});
