import { defineService, type ServiceDefinition } from '@threadline/platform';
import { AgentGatewayModule } from './agent-gateway.module';
import { agentGatewayConfigShape, refuseDevelopmentSecret } from './config';
import { AgentAccounts1764806400000 } from './migrations/1764806400000-AgentAccounts';
import { ReadModels1764806400001 } from './migrations/1764806400001-ReadModels';
import { ConversationRequester1765065600000 } from './migrations/1765065600000-ConversationRequester';
import { MessageVisibility1796256000001 } from './migrations/1796256000001-MessageVisibility';

const definition = defineService({
  name: 'agent-gateway',
  defaultPort: 3000,
  // Publishes nothing: agent commands are request/reply queries answered by their owners.
  streams: [],
  summary:
    'REST and WebSocket API for agents and admins, and the read models behind the Inbox and Ongoing lists.',
  config: agentGatewayConfigShape,
  secretKeys: ['AUTH_JWT_SECRET'],
  migrations: [
    AgentAccounts1764806400000,
    ReadModels1764806400001,
    ConversationRequester1765065600000,
    MessageVisibility1796256000001,
  ],
  imports: [AgentGatewayModule],
});

export const agentGatewayService: ServiceDefinition = {
  ...definition,
  configSchema: definition.configSchema.superRefine(refuseDevelopmentSecret),
};
