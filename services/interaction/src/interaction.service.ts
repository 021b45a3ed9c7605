import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';

export const interactionService = defineService({
  name: 'interaction',
  defaultPort: 3003,
  streams: [streams.INTERACTION],
  summary: 'Conversations, transcripts, states and the virtual agent.',
});
