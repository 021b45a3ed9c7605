import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';

export const profileService = defineService({
  name: 'profile',
  defaultPort: 3002,
  streams: [streams.PROFILE],
  summary: 'The user directory and messaging profiles: who is behind a phone number.',
});
