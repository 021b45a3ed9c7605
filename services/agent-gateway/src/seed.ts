import { seedFromCommandLine } from '@threadline/platform';
import { agentGatewayService } from './agent-gateway.service';
import { seedDemoAgents } from './infra/database/demo-agents.seed';

void seedFromCommandLine(agentGatewayService, seedDemoAgents);
