import { Module } from '@nestjs/common';
import { LOGGER } from '@threadline/platform';
import type { Logger } from 'pino';
import { FIRE_TIMER, loggingFireTimer, systemClockProvider, TimerLifecycle } from './infra/timer.lifecycle';

@Module({
  providers: [
    TimerLifecycle,
    systemClockProvider,
    // Firing only logs for now: issue 12's action runner replaces this provider.
    { provide: FIRE_TIMER, useFactory: (logger: Logger) => loggingFireTimer(logger), inject: [LOGGER] },
  ],
})
export class TimerModule {}
