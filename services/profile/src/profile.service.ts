import { streams } from '@threadline/contracts';
import { platformConfigSchema, portFromEnv, type ServiceDefinition } from '@threadline/platform';

export const profileServiceConfigSchema = platformConfigSchema.extend({
  HTTP_PORT: portFromEnv.default(3002),
});

/** The user directory and messaging profiles: who is behind a phone number. */
export const profileService: ServiceDefinition = {
  name: 'profile',
  schema: 'profile',
  configSchema: profileServiceConfigSchema,
  streams: [streams.PROFILE],
  migrations: [],
  imports: [],
  openApi: {
    title: 'Threadline Profile service',
    description: 'The user directory and messaging profiles: who is behind a phone number.',
  },
};
