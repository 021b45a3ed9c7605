// SPEC M6: each armed timer fires at most once, across restarts and with several replicas. The
// timer service runs here as real processes (dist/main.js: build first), killed with SIGKILL
// mid-firing and run as two replicas on one store; the store, the outbox, the wire and the
// stream are then checked timer by timer.
import { runMigrations } from '@threadline/platform';
import {
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { type NewTimer, TimerRepository } from '../src/infra/timer.repository';
import { timerService } from '../src/timer.service';
import {
  CLOSE_ABANDONED_ACTION_ID,
  firedEventsPerTimer,
  launchTimerProcess,
  newTimer,
  storedTimerEvents,
  type TimerProcess,
  timerCounts,
  timerDataSource,
} from './support';

const FIRED = 'timer.action.fired.v1';

/**
 * A timer service run: the timers of the store, its outbox, a tap on the wire and every process
 * started, all killed in afterAll whatever happened.
 */
function harness(name: string) {
  const run = {
    environment: undefined as unknown as IsolatedEnvironment,
    db: undefined as unknown as DataSource,
    tap: undefined as unknown as MessageTap,
    processes: [] as TimerProcess[],
  };

  beforeAll(async () => {
    run.environment = await createIsolatedEnvironment();
    await runMigrations(timerService, { ...run.environment.env, LOG_LEVEL: 'silent' });
    run.db = await timerDataSource(run.environment.databaseUrl, name);
    // Core NATS, so it sees every publish, a republished one too; open before any process runs.
    run.tap = (await MessageTap.open(run.environment.servers.natsUrl, run.environment.namespace)).watch(
      FIRED,
    );
  });

  afterAll(async () => {
    await Promise.all(run.processes.map((running) => running.stop('SIGKILL')));
    await run.tap?.close();
    if (run.db?.isInitialized) await run.db.destroy();
    await run.environment?.dispose();
  });

  return {
    run,
    /** Starts a timer process on this run's store and namespace. */
    start(processName: string, env: Record<string, string>): TimerProcess {
      const started = launchTimerProcess(processName, { ...run.environment.env, ...env });
      run.processes.push(started);
      return started;
    },
    /** Arms `count` timers of the set_state action (no filter: firing asks no other service). */
    async arm(count: number, dueAt: (index: number) => Date): Promise<string[]> {
      const timers: NewTimer[] = Array.from({ length: count }, (_, index) =>
        newTimer(dueAt(index), { actionId: CLOSE_ABANDONED_ACTION_ID }),
      );
      const armed = await new TimerRepository(run.db.manager).arm(timers);
      expect(armed).toHaveLength(count);
      return timers.map((timer) => timer.id);
    },
    /**
     * Each of `timerIds` fired exactly once: fired with outcome `ran` in the store, one
     * timer.action.fired.v1 in the outbox, one envelope on the wire and one message in the stream.
     */
    async expectEachFiredOnce(timerIds: string[]): Promise<void> {
      const { db, tap, environment } = run;
      expect(await timerCounts(db)).toEqual({
        armed: 0,
        fired: timerIds.length,
        disarmed: 0,
        total: timerIds.length,
      });
      const [outcomes] = await db.query<Array<{ not_ran: number }>>(
        `SELECT count(*) FILTER (WHERE outcome IS DISTINCT FROM 'ran')::int AS not_ran FROM timer`,
      );
      expect(outcomes).toEqual({ not_ran: 0 });

      // The outbox: one event per timer, each the one the claiming transaction wrote.
      const inOutbox = await firedEventsPerTimer(db);
      expect([...inOutbox.keys()].sort()).toEqual([...timerIds].sort());
      expect([...inOutbox.values()].filter((events) => events !== 1)).toEqual([]);

      // The relay publishes them all (each row marked published once JetStream acknowledged it).
      await eventually(
        async () => {
          const [row] = await db.query<Array<{ unpublished: number }>>(
            `SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`,
          );
          expect(row).toEqual({ unpublished: 0 });
        },
        { timeoutMs: 20_000, intervalMs: 100 },
      );

      // The wire. A relay killed after JetStream acknowledged a row but before it marked the row
      // published sends it again after the restart, under the same message id (the envelope id):
      // the stream drops it as a duplicate, but a core subscriber like the tap sees both copies.
      // So the tap may see an envelope twice, but never two envelopes for one timer.
      const onWire = await eventually(
        () => {
          const envelopeIds = new Map<string, Set<string>>();
          for (const envelope of tap.events(FIRED)) {
            const ids = envelopeIds.get(envelope.data.timerId) ?? new Set<string>();
            envelopeIds.set(envelope.data.timerId, ids.add(envelope.id));
          }
          expect(envelopeIds.size).toBe(timerIds.length);
          return envelopeIds;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      expect([...onWire.keys()].sort()).toEqual([...timerIds].sort());
      expect([...onWire.entries()].filter(([, ids]) => ids.size !== 1)).toEqual([]);

      // The stream: exactly one stored message per timer, with the envelope the outbox holds.
      const stored = await storedTimerEvents(tap.nc, environment.namespace, FIRED);
      expect(stored).toHaveLength(timerIds.length);
      const storedIds = new Map(stored.map((envelope) => [envelope.data.timerId, envelope.id]));
      expect(storedIds.size).toBe(timerIds.length);
      for (const [timerId, ids] of onWire) expect(storedIds.get(timerId)).toBe([...ids][0]);
    },
  };
}

/** Waits for `probe`, failing at once (with its last words) if one of `processes` exits meanwhile. */
async function whileRunning<T>(
  processes: TimerProcess[],
  probe: () => Promise<T>,
  timeoutMs: number,
  intervalMs = 20,
): Promise<T> {
  let exited: TimerProcess | undefined;
  const result = await eventually(
    async () => {
      // A process that died ends the wait at once: it is reported below, not timed out on.
      exited = processes.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
      return exited ? undefined : await probe();
    },
    { timeoutMs, intervalMs },
  );
  if (exited) {
    throw new Error(
      `timer ${exited.name} exited early; its last logs: ${JSON.stringify(exited.logs.slice(-5))}`,
    );
  }
  return result as T;
}

describe('timer: SIGKILL while timers are due (M6)', () => {
  /** Small batches, so that firing a few thousand timers takes several transactions to kill among. */
  const BATCH = { TIMER_BATCH_SIZE: '20' };

  describe('while it fires the overdue timers at start', () => {
    const { run, start, arm, expectEachFiredOnce } = harness('crash-start-int');
    /** The longest horizon the service accepts: it looks at the store on its own only this often. */
    const HORIZON_MS = 300_000;

    it('a process killed while firing the overdue timers leaves the rest armed; the restart fires them at once, each once', async () => {
      const count = 3_000;
      const now = Date.now();
      // Overdue by up to a minute: they fell due while no process ran.
      const ids = await arm(count, (index) => new Date(now - 60_000 + index * 20));

      // With nothing to wake it, the scheduler would look at the store again only after HORIZON_MS:
      // whatever fires below fires because a starting service fires the overdue timers first.
      const first = start('first', { ...BATCH, TIMER_HORIZON_MS: String(HORIZON_MS) });
      const firedBeforeKill = await whileRunning(
        [first],
        async () => {
          const { fired } = await timerCounts(run.db);
          expect(fired).toBeGreaterThanOrEqual(100);
          return fired;
        },
        30_000,
      );
      await first.stop('SIGKILL');

      // Some fired, not all. Each claim committed with its event or not at all: a batch that was in
      // flight rolled back with its connection, and those timers are armed again.
      const afterKill = await timerCounts(run.db);
      expect(afterKill.fired).toBeGreaterThanOrEqual(firedBeforeKill);
      expect(afterKill.armed).toBeGreaterThan(0);
      expect(afterKill.armed + afterKill.fired).toBe(count);
      const inOutbox = await firedEventsPerTimer(run.db);
      expect(inOutbox.size).toBe(afterKill.fired);
      expect([...inOutbox.values()].every((events) => events === 1)).toBe(true);

      const restartedAt = Date.now();
      const second = start('second', { ...BATCH, TIMER_HORIZON_MS: String(HORIZON_MS) });
      await whileRunning(
        [second],
        async () => expect(await timerCounts(run.db)).toMatchObject({ armed: 0 }),
        45_000,
        50,
      );
      // At once: well before the scheduler's horizon, its next look at the store otherwise.
      expect(Date.now() - restartedAt).toBeLessThan(HORIZON_MS / 5);
      await second.listening;

      await expectEachFiredOnce(ids);
      await second.stop('SIGTERM');
    });
  });

  describe('while it fires and publishes', () => {
    const { run, start, arm, expectEachFiredOnce } = harness('crash-relay-int');

    it('a process killed while firing and publishing leaves no timer fired twice and no event stored twice', async () => {
      // A short horizon: the timers are armed in the store behind the running process's back,
      // and it finds them at its next look.
      const env = { ...BATCH, TIMER_HORIZON_MS: '1000' };
      const third = start('third', env);
      await third.listening;

      const count = 2_000;
      const now = Date.now();
      // Due within the next second.
      const ids = await arm(count, (index) => new Date(now + Math.floor((index * 1_000) / count)));

      // Kill it once its relay is publishing what it fires: the relay runs alongside the scheduler
      // now, so a row may be published and not yet marked when the process dies.
      await whileRunning(
        [third],
        async () => {
          const [row] = await run.db.query<Array<{ published: number }>>(
            `SELECT count(*)::int AS published FROM outbox
              WHERE published_at IS NOT NULL AND payload->'data'->>'timerId' = ANY($1::text[])`,
            [ids],
          );
          expect(row!.published).toBeGreaterThanOrEqual(100);
        },
        30_000,
      );
      await third.stop('SIGKILL');
      const afterKill = await timerCounts(run.db);
      expect(afterKill.armed).toBeGreaterThan(0);
      expect((await firedEventsPerTimer(run.db)).size).toBe(afterKill.fired);

      // The kill seldom lands between JetStream's acknowledgement of a batch and the relay marking
      // it published, so put the outbox in that state: its latest published rows unmarked, as if
      // the relay had died right there. The restart publishes them again.
      // (An UPDATE's query answers [rows, affected count].)
      const [unmarked] = await run.db.query<[Array<{ id: string }>, number]>(
        `UPDATE outbox SET published_at = NULL
          WHERE seq IN (SELECT seq FROM outbox WHERE published_at IS NOT NULL ORDER BY seq DESC LIMIT 20)
          RETURNING id`,
      );
      expect(unmarked).toHaveLength(20);

      const fourth = start('fourth', env);
      await whileRunning(
        [fourth],
        async () => expect(await timerCounts(run.db)).toMatchObject({ armed: 0 }),
        45_000,
        50,
      );
      await fourth.listening;

      await expectEachFiredOnce(ids);
      // Those went out twice under the same message id: the stream kept one (checked above), the
      // wire carried both.
      await eventually(() => {
        const onWire = run.tap.events(FIRED).map((envelope) => envelope.id);
        for (const { id } of unmarked) expect(onWire.filter((seen) => seen === id)).toHaveLength(2);
      });
      await fourth.stop('SIGTERM');
    });
  });
});

describe('timer: two replicas on one store (M6)', () => {
  const { run, start, arm, expectEachFiredOnce } = harness('replicas-int');

  it('two replicas racing for 5,000 timers fire each once, both fire some, and none fires one the other did', async () => {
    // A one-second horizon: the timers are armed in the store after both replicas started, and
    // each finds them at its next look. Small batches, so both keep claiming while they fall due.
    const env = { TIMER_HORIZON_MS: '1000', TIMER_BATCH_SIZE: '50' };
    const replicas = [start('replica-1', env), start('replica-2', env)];
    await Promise.all(replicas.map((replica) => replica.listening));

    const count = 5_000;
    const now = Date.now();
    // Spread over the next two seconds.
    const ids = await arm(count, (index) => new Date(now + Math.floor(((index + 1) * 2_000) / count)));

    await whileRunning(
      replicas,
      async () => expect(await timerCounts(run.db)).toMatchObject({ armed: 0 }),
      30_000,
      50,
    );

    // Which replica fired what: the outbox cannot tell, the logs can ('timer fired' with the id).
    // A replica logs that line in the claiming transaction, before it commits; with nothing
    // failing here, every logged firing is one that committed.
    const [firstIds, secondIds] = await eventually(
      () => {
        const logged = replicas.map((replica) => replica.firedIds());
        expect(logged[0]!.length + logged[1]!.length).toBeGreaterThanOrEqual(count);
        return logged as [string[], string[]];
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(firstIds.length).toBeGreaterThan(0);
    expect(secondIds.length).toBeGreaterThan(0);
    const first = new Set(firstIds);
    expect(secondIds.filter((id) => first.has(id))).toEqual([]);
    expect([...firstIds, ...secondIds].sort()).toEqual([...ids].sort());

    await expectEachFiredOnce(ids);
    await Promise.all(replicas.map((replica) => replica.stop('SIGTERM')));
  });
});
