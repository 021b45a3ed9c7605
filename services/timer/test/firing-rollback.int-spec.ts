// What a firing that rolls back leaves behind. FireActionUseCase.fire runs inside the claiming
// transaction, and a later timer of the same batch can still fail it (its owner does not answer):
// the claim rolls back and every timer of the batch is armed again (M6: at most once).
//
// KNOWN BUGS, kept as `it.failing` (green while the bug is there; drop `.failing` once fixed):
// 1. fire() logs 'timer fired' and counts threadline_timer_fires_total / the lateness histogram
//    before the transaction commits, so a rolled-back batch is logged and counted as fired, again
//    on every retry. Seen in a real process too: one killed with SIGKILL logged 'timer fired' for
//    a few timers whose batch never committed (crash-and-replicas.int-spec.ts).
// 2. One timer whose owner does not answer fails its whole batch and stops the firing loop, so
//    the timers claimed with it, and every timer due after them, stay armed until the owner
//    answers, even those that need no other service.
import { Metrics, Outbox, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { ActionCatalog } from '../src/app/action-catalog';
import { ManualClock } from '../src/app/clock';
import { FireActionUseCase, type OwnerAsker } from '../src/app/fire-action';
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
  let scheduler: TimerScheduler | undefined;
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
    scheduler = new TimerScheduler(db, fire.fire, clock, { batchSize: 10, retryMs: RETRY_MS, logger });
    await scheduler.start();
    return { unconditional, asking, later, scheduler };
  }

  async function retry(running: TimerScheduler, times: number) {
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

  it('rolls the whole batch back: nothing fired, nothing in the outbox (M6)', async () => {
    const { unconditional, asking } = await startWithSilentOwner();
    await retry(scheduler!, 2);
    expect(await store.find(unconditional.id)).toMatchObject({ state: 'armed', outcome: null });
    expect(await store.find(asking.id)).toMatchObject({ state: 'armed', outcome: null });
    const [outbox] = await db.query<Array<{ rows: number }>>(`SELECT count(*)::int AS rows FROM outbox`);
    expect(outbox).toEqual({ rows: 0 });
  });

  it.failing('logs and counts a timer as fired only once its firing committed (bug 1)', async () => {
    const { unconditional } = await startWithSilentOwner();
    await retry(scheduler!, 3);
    expect(await store.find(unconditional.id)).toMatchObject({ state: 'armed' });
    // Today: 'timer fired' logged 4 times for it (the start and 3 retries), and 4 fires counted.
    expect(firedLogs(unconditional.id)).toEqual([]);
    expect(await firesCounted()).toBe(0);
  });

  it.failing(
    'fires a due timer that asks no one although another due timer’s owner is silent (bug 2)',
    async () => {
      const { unconditional, later } = await startWithSilentOwner();
      clock.advance(5_000);
      await retry(scheduler!, 2);
      // Today: both stay armed for as long as the owner of the other timer does not answer.
      expect(await store.find(unconditional.id)).toMatchObject({ state: 'fired', outcome: 'ran' });
      expect(await store.find(later.id)).toMatchObject({ state: 'fired', outcome: 'ran' });
    },
  );
});
