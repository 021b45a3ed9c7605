import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DATA_SOURCE, LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { type Clock, SystemClock } from '../app/clock';
import { type FireTimer, TimerScheduler } from '../app/timer-scheduler';

/** What firing a timer does (the FireTimer the scheduler hands each due timer to). */
export const FIRE_TIMER = Symbol('FIRE_TIMER');
/** The scheduler's time. */
export const TIMER_CLOCK = Symbol('TIMER_CLOCK');

/**
 * Firing that only logs. Issue 12's action runner replaces it with one that writes
 * `timer.action.fired.v1` to the outbox in the claiming transaction.
 */
export function loggingFireTimer(logger: Logger): FireTimer {
  return (timer) => {
    logger.info(
      { timerId: timer.id, interactionId: timer.interactionId, actionId: timer.actionId, dueAt: timer.dueAt },
      'timer fired',
    );
    return Promise.resolve();
  };
}

/** Runs the timer scheduler while the service runs: it starts firing overdue timers at bootstrap. */
@Injectable()
export class TimerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly scheduler: TimerScheduler;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(FIRE_TIMER) fire: FireTimer,
    @Inject(TIMER_CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.scheduler = new TimerScheduler(dataSource, fire, clock, { logger });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

export const systemClockProvider = { provide: TIMER_CLOCK, useValue: new SystemClock() };
