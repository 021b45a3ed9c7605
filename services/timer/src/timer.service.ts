import { streams } from '@threadline/contracts';
import { platformConfigSchema, portFromEnv, type ServiceDefinition } from '@threadline/platform';

export const timerServiceConfigSchema = platformConfigSchema.extend({
  HTTP_PORT: portFromEnv.default(3005),
});

/** Messaging actions: durable timers that fire when one side of a conversation goes quiet. */
export const timerService: ServiceDefinition = {
  name: 'timer',
  schema: 'timer',
  configSchema: timerServiceConfigSchema,
  streams: [streams.TIMER],
  migrations: [],
  imports: [],
  openApi: {
    title: 'Threadline Timer service',
    description: 'Messaging actions: durable timers that fire when one side of a conversation goes quiet.',
  },
};
