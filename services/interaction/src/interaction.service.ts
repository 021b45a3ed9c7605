import { streams } from '@threadline/contracts';
import { defineService } from '@threadline/platform';
import { companyNumbersConfig } from './company-numbers.config';
import { interactionConfig } from './interaction.config';
import { InteractionModule } from './interaction.module';
import { InteractionsAndMessages1764115300000 } from './migrations/1764115300000-InteractionsAndMessages';
import { RequesterFollowsProfile1764979300000 } from './migrations/1764979300000-RequesterFollowsProfile';
import { InteractionLifecycle1796169600000 } from './migrations/1796169600000-InteractionLifecycle';
import { VirtualAgentAndVisibility1796256000000 } from './migrations/1796256000000-VirtualAgentAndVisibility';
import { RequesterOptOut1796601600000 } from './migrations/1796601600000-RequesterOptOut';
import { DeliveryFailureReason1796688000001 } from './migrations/1796688000001-DeliveryFailureReason';

export const interactionService = defineService({
  name: 'interaction',
  defaultPort: 3003,
  streams: [streams.INTERACTION, streams.ROUTING, streams.SMS],
  summary: 'Conversations, their transcripts and states, and the rules that open or continue them.',
  // A worker: its HTTP serves only operations; it does its work over Postgres and NATS and
  // never uses Redis (decision 47).
  readinessRequires: ['postgres', 'nats'],
  config: { ...interactionConfig, ...companyNumbersConfig },
  migrations: [
    InteractionsAndMessages1764115300000,
    RequesterFollowsProfile1764979300000,
    InteractionLifecycle1796169600000,
    VirtualAgentAndVisibility1796256000000,
    RequesterOptOut1796601600000,
    DeliveryFailureReason1796688000001,
  ],
  imports: [InteractionModule],
});
