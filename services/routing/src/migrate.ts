import { migrateFromCommandLine } from '@threadline/platform';
import { routingService } from './routing.service';

void migrateFromCommandLine(routingService);
