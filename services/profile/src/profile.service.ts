import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';
import { DirectoryAndProfiles1764115200000 } from './migrations/1764115200000-DirectoryAndProfiles';
import { AuditAndImports1764979200000 } from './migrations/1764979200000-AuditAndImports';
import { profileConfig } from './profile.config';
import { ProfileModule } from './profile.module';

export const profileService = defineService({
  name: 'profile',
  defaultPort: 3002,
  streams: [streams.PROFILE],
  summary: 'The user directory and messaging profiles: who is behind a phone number.',
  // A worker: its HTTP serves only operations; it does its work over Postgres and NATS and
  // never uses Redis (decision 47).
  readinessRequires: ['postgres', 'nats'],
  config: profileConfig,
  migrations: [DirectoryAndProfiles1764115200000, AuditAndImports1764979200000],
  imports: [ProfileModule],
});
