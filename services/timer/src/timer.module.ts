import { Module } from '@nestjs/common';
import { SystemClock } from './app/clock';
import { TIMER_CLOCK, TimerHandlers } from './infra/timer.handlers';

@Module({
  providers: [TimerHandlers, { provide: TIMER_CLOCK, useValue: new SystemClock() }],
})
export class TimerModule {}
