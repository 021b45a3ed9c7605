import { streams } from '@threadline/contracts';
import { platformConfigSchema, portFromEnv, type ServiceDefinition } from '@threadline/platform';

export const interactionServiceConfigSchema = platformConfigSchema.extend({
  HTTP_PORT: portFromEnv.default(3003),
});

/** Conversations, transcripts, states and the virtual agent. */
export const interactionService: ServiceDefinition = {
  name: 'interaction',
  schema: 'interaction',
  configSchema: interactionServiceConfigSchema,
  streams: [streams.INTERACTION],
  migrations: [],
  imports: [],
  openApi: {
    title: 'Threadline Interaction service',
    description: 'Conversations, transcripts, states and the virtual agent.',
  },
};
