import { migrateFromCommandLine } from '@threadline/platform';
import { timerService } from './timer.service';

void migrateFromCommandLine(timerService);
