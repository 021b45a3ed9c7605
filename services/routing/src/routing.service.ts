import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';

export const routingService = defineService({
  name: 'routing',
  defaultPort: 3004,
  streams: [streams.ROUTING],
  summary: 'Service channels, queues, agent presence and capacity, work items and offers.',
});
