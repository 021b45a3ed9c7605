import { defineService, type ServiceDefinition } from '@threadline/platform';
import { AgentGatewayModule } from './agent-gateway.module';
import { agentGatewayConfigShape, refuseDevelopmentSecret } from './config';
import { AgentAccounts1764806400000 } from './migrations/1764806400000-AgentAccounts';
import { ReadModels1764806400001 } from './migrations/1764806400001-ReadModels';
import { ConversationRequester1765065600000 } from './migrations/1765065600000-ConversationRequester';
import { ConversationSupervision1765324800000 } from './migrations/1765324800000-ConversationSupervision';
import { TranscriptSearch1765324800001 } from './migrations/1765324800001-TranscriptSearch';

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
    ConversationSupervision1765324800000,
    TranscriptSearch1765324800001,
  ],
  imports: [AgentGatewayModule],
});

export const agentGatewayService: ServiceDefinition = {
  ...definition,
  configSchema: definition.configSchema.superRefine(refuseDevelopmentSecret),
};
