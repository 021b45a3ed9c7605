import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';
import { Timers1796083200000 } from './migrations/1796083200000-Timers';
import { MessagingActions1796515200000 } from './migrations/1796515200000-MessagingActions';
import { timerConfig } from './timer.config';
import { TimerModule } from './timer.module';

export const timerService = defineService({
  name: 'timer',
  defaultPort: 3005,
  streams: [streams.TIMER, streams.INTERACTION],
  summary: 'Messaging actions: durable timers that fire when one side of a conversation goes quiet.',
  // A worker: its HTTP serves only operations; it does its work over Postgres and NATS and
  // never uses Redis (decision 47).
  readinessRequires: ['postgres', 'nats'],
  config: timerConfig,
  migrations: [Timers1796083200000, MessagingActions1796515200000],
  imports: [TimerModule],
});
