// Telemetry first: its instrumentations patch http, express and pg as they are loaded, so
// every import below must come after this call (TypeScript keeps require order as written).
import { startTelemetryFromEnv } from '@threadline/platform/telemetry';
const telemetry = startTelemetryFromEnv('agent-gateway');

import { serveFromCommandLine } from '@threadline/platform';
import { agentGatewayService } from './agent-gateway.service';

void serveFromCommandLine(agentGatewayService, telemetry);
