import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { retryPlan } from '../domain/retry';
import { type TimerRecord, TimerRepository } from '../infra/timer.repository';
import type { Clock } from './clock';

/** How soon it looks again at a due timer another replica holds. */
const CONTENDED_RETRY_MS = 50;

/** Something to do once a claim committed, never if it rolled back (a log line, a metric). */
export type AfterCommit = () => void;

/**
 * What firing does, in two steps. `prepare` (optional) works out one claimed timer before anything
 * is written: it may ask other services, and if it throws, that timer alone goes back, armed again
 * and retried later. `write` then records the whole batch in the transaction that claimed it (the
 * `timer.action.fired.v1` events in the outbox), so the claim and the firing commit together: a
 * timer fires at most once. What `write` returns runs after the commit.
 */
export interface FireTimer<Prepared = undefined> {
  prepare?(timer: TimerRecord): Promise<Prepared>;
  write(batch: Array<FiringOf<Prepared>>, manager: EntityManager): Promise<AfterCommit | void>;
}

export interface FiringOf<Prepared> {
  timer: TimerRecord;
  prepared: Prepared;
}

/** How many timers of a batch are prepared at once (each may ask another service). */
const PREPARE_CONCURRENCY = 32;

export interface TimerSchedulerOptions {
  /** How far ahead it looks; it looks again at least this often (timers armed by other replicas). */
  horizonMs?: number;
  /** Timers claimed per transaction. */
  batchSize?: number;
  /** How long it waits after a failed claim, or a failed firing, before it tries again (doubling per attempt). */
  retryMs?: number;
  /** Firing attempts of one timer before it is given up as `failed`. */
  maxAttempts?: number;
  /** Told (after the commit) of a timer given up after its last failed attempt. */
  onGiveUp?: (timer: TimerRecord) => void;
  logger?: Logger;
}

/**
 * Fires the armed timers of the store when they fall due (SPEC M6: at most once, within a
 * second of the deadline, across restarts and replicas). It keeps one wake-up, at the soonest
 * deadline within the horizon (or at the horizon, to look again); on wake it claims what is due
 * and hands each timer to `fire`. Replicas share the store: a claim skips what another holds.
 */
export class TimerScheduler<Prepared = undefined> {
  private readonly horizonMs: number;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly maxAttempts: number;
  private wakeUp: { at: number; cancel: () => void } | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly fire: FireTimer<Prepared>,
    private readonly clock: Clock,
    private readonly options: TimerSchedulerOptions = {},
  ) {
    this.horizonMs = options.horizonMs ?? 30_000;
    this.batchSize = options.batchSize ?? 100;
    this.retryMs = options.retryMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 10;
  }

  /**
   * Starts firing the timers overdue (those that fell due while no replica ran), then follows the
   * store. It does not wait for the backlog: a service with a large one still starts listening,
   * relaying and consuming at once (`idle()` resolves when the backlog is done).
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  /** Stops waking up, and waits for a firing under way. */
  async stop(): Promise<void> {
    this.started = false;
    this.wakeUp?.cancel();
    this.wakeUp = null;
    await this.idle();
  }

  /**
   * A timer was armed (its transaction committed): wake up by its deadline if that is sooner
   * than the current wake-up.
   */
  notifyArmed(dueAt: Date): void {
    this.wakeAt(dueAt.getTime());
  }

  /** When it wakes up next; null when stopped. */
  nextWakeUp(): Date | null {
    return this.wakeUp ? new Date(this.wakeUp.at) : null;
  }

  /** Resolves when no wake-up is under way. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private wakeAt(at: number): void {
    if (!this.started) return;
    if (this.wakeUp && this.wakeUp.at <= at) return;
    this.wakeUp?.cancel();
    const wakeUp = {
      at,
      cancel: this.clock.schedule(new Date(at), () => {
        if (this.wakeUp === wakeUp) this.wakeUp = null;
        this.wake();
      }),
    };
    this.wakeUp = wakeUp;
  }

  private wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
    });
  }

  private async cycle(): Promise<void> {
    do {
      this.again = false;
      if (!this.started) return;
      try {
        await this.fireDue();
        await this.plan();
      } catch (error) {
        this.options.logger?.error({ err: error }, 'timer scheduler: firing due timers failed; retrying');
        this.wakeAt(this.clock.now().getTime() + this.retryMs);
        return;
      }
    } while (this.again);
  }

  /**
   * Claims and fires due timers, a batch per transaction, until none is left. The batch's timers are
   * prepared (concurrently) before anything is written; one whose preparing failed goes back alone
   * with back-off ({@link sendBack}), so one conversation's silent owner never holds up the others;
   * the rest are written at once.
   */
  private async fireDue(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const afterCommit: AfterCommit[] = [];
      const claimed = await this.dataSource.transaction(async (manager) => {
        const store = new TimerRepository(manager);
        const timers = await store.claimDue(now, this.batchSize);
        const ready: Array<FiringOf<Prepared>> = [];
        for (const { timer, outcome } of await this.prepareAll(timers)) {
          if (outcome.status === 'fulfilled') {
            ready.push({ timer, prepared: outcome.value });
          } else {
            afterCommit.push(await this.sendBack(timer, outcome.reason, store, now));
          }
        }
        if (ready.length > 0) {
          const effect = await this.fire.write(ready, manager);
          if (effect) afterCommit.push(effect);
        }
        return timers.length;
      });
      for (const effect of afterCommit) {
        try {
          effect();
        } catch (error) {
          this.options.logger?.warn({ err: error }, 'timer scheduler: an after-commit effect failed');
        }
      }
      // Not `claimed < batchSize`: a claim can come back short while another replica holds
      // some due timers, and more may be claimable behind them.
      if (claimed === 0 || !this.started) return;
    }
  }

  private async prepareAll(
    timers: readonly TimerRecord[],
  ): Promise<Array<{ timer: TimerRecord; outcome: PromiseSettledResult<Prepared> }>> {
    const prepare = this.fire.prepare?.bind(this.fire);
    const settled: Array<{ timer: TimerRecord; outcome: PromiseSettledResult<Prepared> }> = [];
    for (let start = 0; start < timers.length; start += PREPARE_CONCURRENCY) {
      const chunk = timers.slice(start, start + PREPARE_CONCURRENCY);
      const outcomes = await Promise.allSettled(
        chunk.map((timer) => (prepare ? prepare(timer) : Promise.resolve(undefined as Prepared))),
      );
      outcomes.forEach((outcome, index) => settled.push({ timer: chunk[index]!, outcome }));
    }
    return settled;
  }

  /**
   * A claimed timer whose preparing failed (its conversation's owner did not answer, say): armed
   * again and retried later with back-off, or, after its last attempt, given up as `failed`.
   */
  private async sendBack(
    timer: TimerRecord,
    error: unknown,
    store: TimerRepository,
    now: Date,
  ): Promise<AfterCommit> {
    const attempts = timer.attempts + 1;
    const retry = retryPlan(timer.attempts, this.retryMs, this.maxAttempts);
    if (retry === 'give_up') {
      await store.recordOutcomes([{ timerId: timer.id, outcome: 'failed' }]);
      return () => {
        this.options.logger?.error(
          { err: error, timerId: timer.id, attempts },
          'timer scheduler: firing a timer failed for the last time; given up',
        );
        this.options.onGiveUp?.(timer);
      };
    }
    const retryAt = new Date(now.getTime() + retry);
    await store.retryLater(timer.id, retryAt);
    return () =>
      this.options.logger?.warn(
        { err: error, timerId: timer.id, attempts, retryAt },
        'timer scheduler: firing a timer failed; it is retried later',
      );
  }

  /** One wake-up: at the soonest deadline within the horizon, else at the horizon to look again. */
  private async plan(): Promise<void> {
    const now = this.clock.now().getTime();
    const next = await new TimerRepository(this.dataSource.manager).nextDueAt();
    const horizon = now + this.horizonMs;
    if (next && next.getTime() <= now) {
      // Due but not claimable: another replica is firing it (or a firing is rolling back).
      this.wakeAt(now + CONTENDED_RETRY_MS);
      return;
    }
    this.wakeAt(next ? Math.min(next.getTime(), horizon) : horizon);
  }
}
