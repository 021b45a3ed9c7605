// Telemetry first: its instrumentations patch http, express and pg as they are loaded, so
// every import below must come after this call (TypeScript keeps require order as written).
import { startTelemetryFromEnv } from '@threadline/platform/telemetry';
const telemetry = startTelemetryFromEnv('interaction');

import { serveFromCommandLine } from '@threadline/platform';
import { interactionService } from './interaction.service';

void serveFromCommandLine(interactionService, telemetry);
