import { platformConfigSchema, portFromEnv, type ServiceDefinition } from '@threadline/platform';

export const agentGatewayServiceConfigSchema = platformConfigSchema.extend({
  HTTP_PORT: portFromEnv.default(3000),
});

/** REST and WebSocket API for agents and admins, and the read models behind the Inbox and Ongoing lists. */
export const agentGatewayService: ServiceDefinition = {
  name: 'agent-gateway',
  schema: 'agent_gateway',
  configSchema: agentGatewayServiceConfigSchema,
  // Publishes nothing yet; agent commands arrive with the first conversation (issue 3).
  streams: [],
  migrations: [],
  imports: [],
  openApi: {
    title: 'Threadline Agent gateway',
    description:
      'REST and WebSocket API for agents and admins, and the read models behind the Inbox and Ongoing lists.',
  },
};
