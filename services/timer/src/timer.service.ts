import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';

export const timerService = defineService({
  name: 'timer',
  defaultPort: 3005,
  streams: [streams.TIMER],
  summary: 'Messaging actions: durable timers that fire when one side of a conversation goes quiet.',
});
