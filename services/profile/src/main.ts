// Telemetry first: its instrumentations patch http, express and pg as they are loaded, so
// every import below must come after this call (TypeScript keeps require order as written).
import { startTelemetryFromEnv } from '@threadline/platform/telemetry';
const telemetry = startTelemetryFromEnv('profile');

import { serveFromCommandLine } from '@threadline/platform';
import { profileService } from './profile.service';

void serveFromCommandLine(profileService, telemetry);
