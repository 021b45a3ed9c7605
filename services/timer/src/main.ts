// Telemetry first: its instrumentations patch http, express and pg as they are loaded, so
// every import below must come after this call (TypeScript keeps require order as written).
import { startTelemetryFromEnv } from '@threadline/platform/telemetry';
const telemetry = startTelemetryFromEnv('timer');

import { serveFromCommandLine } from '@threadline/platform';
import { timerService } from './timer.service';

void serveFromCommandLine(timerService, telemetry);
