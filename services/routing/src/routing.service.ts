import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';
import { QueuesAgentsWorkItems1764115400000 } from './migrations/1764115400000-QueuesAgentsWorkItems';
import { WorkItemLifecycle1796169600001 } from './migrations/1796169600001-WorkItemLifecycle';
import { RoutingModel1796342400000 } from './migrations/1796342400000-RoutingModel';
import { WorkItemsByInteraction1796428800000 } from './migrations/1796428800000-WorkItemsByInteraction';
import { routingConfig } from './routing.config';
import { RoutingModule } from './routing.module';

export const routingService = defineService({
  name: 'routing',
  defaultPort: 3004,
  streams: [streams.ROUTING, streams.INTERACTION],
  summary: 'Queues, agent presence and capacity, work items and offers (Advanced Work Assignment).',
  // A worker: its HTTP serves only operations; it does its work over Postgres and NATS and
  // never uses Redis (decision 47).
  readinessRequires: ['postgres', 'nats'],
  config: routingConfig,
  migrations: [
    QueuesAgentsWorkItems1764115400000,
    WorkItemLifecycle1796169600001,
    RoutingModel1796342400000,
    WorkItemsByInteraction1796428800000,
  ],
  imports: [RoutingModule],
});
