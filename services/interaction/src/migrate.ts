import { migrateFromCommandLine } from '@threadline/platform';
import { interactionService } from './interaction.service';

void migrateFromCommandLine(interactionService);
