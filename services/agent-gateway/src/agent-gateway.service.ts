import { defineService } from '@threadline/platform';

export const agentGatewayService = defineService({
  name: 'agent-gateway',
  defaultPort: 3000,
  // Publishes nothing yet; agent commands arrive with the first conversation (issue 3).
  streams: [],
  summary:
    'REST and WebSocket API for agents and admins, and the read models behind the Inbox and Ongoing lists.',
});
