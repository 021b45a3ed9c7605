import { migrateFromCommandLine } from '@threadline/platform';
import { agentGatewayService } from './agent-gateway.service';

void migrateFromCommandLine(agentGatewayService);
