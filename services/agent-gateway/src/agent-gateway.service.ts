import { defineService, MEDIA_SECRET_KEYS } from '@threadline/platform';
import { AgentGatewayModule } from './agent-gateway.module';
import { agentGatewayConfigShape, DEVELOPMENT_DEFAULTS } from './config';
import { WebAppModule } from './infra/http/web-app';
import { AgentAccounts1764806400000 } from './migrations/1764806400000-AgentAccounts';
import { ReadModels1764806400001 } from './migrations/1764806400001-ReadModels';
import { ConversationRequester1765065600000 } from './migrations/1765065600000-ConversationRequester';
import { ConversationSupervision1765324800000 } from './migrations/1765324800000-ConversationSupervision';
import { TranscriptSearch1765324800001 } from './migrations/1765324800001-TranscriptSearch';
import { OfferWithdrawn1765411200000 } from './migrations/1765411200000-OfferWithdrawn';
import { AgentCompanyNumbers1796256000000 } from './migrations/1796256000000-AgentCompanyNumbers';
import { MessageVisibility1796256000001 } from './migrations/1796256000001-MessageVisibility';
import { OfferTakenBack1796342400000 } from './migrations/1796342400000-OfferTakenBack';
import { OfferAcceptedEvent1796428800000 } from './migrations/1796428800000-OfferAcceptedEvent';
import { AgentPrompts1796515200000 } from './migrations/1796515200000-AgentPrompts';
import { RequesterOptOutView1796601600001 } from './migrations/1796601600001-RequesterOptOutView';
import { MessageFailureReason1796688000002 } from './migrations/1796688000002-MessageFailureReason';
import { MessageMediaAndUploads1796947200000 } from './migrations/1796947200000-MessageMediaAndUploads';

const summary =
  'REST and WebSocket API for agents and admins, and the read models behind the Inbox and Ongoing lists.';

export const agentGatewayService = defineService({
  name: 'agent-gateway',
  defaultPort: 3000,
  // Publishes nothing: agent commands are request/reply queries answered by their owners.
  streams: [],
  summary,
  // Agents' commands are NATS queries; without Redis only live pushes pause, and sockets are
  // told to resync when it is back (decision 47).
  readinessRequires: ['postgres', 'nats'],
  openApi: {
    title: 'Threadline agent-gateway',
    description:
      `${summary}\n\nThe guides live in the repository's \`docs/\`: \`docs/first-conversation.md\` ` +
      '(how an SMS reaches an agent and the reply goes back: offers, replies, WebSocket pushes, error ' +
      'codes), `docs/profiles.md` (messaging profiles, the directory and its imports) and ' +
      '`docs/agent-initiated.md` (an agent starts a conversation: company numbers, SPEC A1–A4) and ' +
      '`docs/messaging-actions.md` (timers that fire when one side of a conversation goes quiet, SPEC M1–M7).',
  },
  config: agentGatewayConfigShape,
  developmentDefaults: DEVELOPMENT_DEFAULTS,
  secretKeys: ['AUTH_JWT_SECRET', ...MEDIA_SECRET_KEYS],
  migrations: [
    AgentAccounts1764806400000,
    ReadModels1764806400001,
    ConversationRequester1765065600000,
    ConversationSupervision1765324800000,
    TranscriptSearch1765324800001,
    OfferWithdrawn1765411200000,
    AgentCompanyNumbers1796256000000,
    MessageVisibility1796256000001,
    OfferTakenBack1796342400000,
    OfferAcceptedEvent1796428800000,
    AgentPrompts1796515200000,
    RequesterOptOutView1796601600001,
    MessageFailureReason1796688000002,
    MessageMediaAndUploads1796947200000,
  ],
  imports: [AgentGatewayModule, WebAppModule],
});
