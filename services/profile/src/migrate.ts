import { migrateFromCommandLine } from '@threadline/platform';
import { profileService } from './profile.service';

void migrateFromCommandLine(profileService);
