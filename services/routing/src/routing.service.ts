import { streams } from '@threadline/contracts';
import { platformConfigSchema, portFromEnv, type ServiceDefinition } from '@threadline/platform';

export const routingServiceConfigSchema = platformConfigSchema.extend({
  HTTP_PORT: portFromEnv.default(3004),
});

/** Service channels, queues, agent presence and capacity, work items and offers. */
export const routingService: ServiceDefinition = {
  name: 'routing',
  schema: 'routing',
  configSchema: routingServiceConfigSchema,
  streams: [streams.ROUTING],
  migrations: [],
  imports: [],
  openApi: {
    title: 'Threadline Routing service',
    description: 'Service channels, queues, agent presence and capacity, work items and offers.',
  },
};
