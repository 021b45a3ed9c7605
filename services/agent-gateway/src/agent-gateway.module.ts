import { Module } from '@nestjs/common';
import { AcceptOfferUseCase } from './app/accept-offer.use-case';
import { AuthenticateUseCase } from './app/authenticate.use-case';
import { ListOffersUseCase } from './app/list-offers.use-case';
import { ListOngoingUseCase } from './app/list-ongoing.use-case';
import { LoginUseCase } from './app/login.use-case';
import { OpenInteractionUseCase } from './app/open-interaction.use-case';
import { ReadModelProjector } from './app/read-model-projector';
import { SendMessageUseCase } from './app/send-message.use-case';
import { SetPresenceUseCase } from './app/set-presence.use-case';
import { AccessTokens } from './infra/auth/access-tokens';
import { AgentAuthGuard } from './infra/auth/agent-auth.guard';
import { AgentAccountRepository } from './infra/database/agent-account.repository';
import { ConversationViewRepository } from './infra/database/conversation-view.repository';
import { MessageViewRepository } from './infra/database/message-view.repository';
import { OfferViewRepository } from './infra/database/offer-view.repository';
import { AuthController } from './infra/http/auth.controller';
import { InteractionsController } from './infra/http/interactions.controller';
import { MeController } from './infra/http/me.controller';
import { OffersController } from './infra/http/offers.controller';
import { ReadModelConsumers } from './infra/messaging/read-model.consumers';
import { AgentEventBus } from './infra/push/agent-event-bus';
import { AgentSockets } from './infra/push/agent-sockets';

@Module({
  controllers: [AuthController, MeController, OffersController, InteractionsController],
  providers: [
    AgentAccountRepository,
    ConversationViewRepository,
    OfferViewRepository,
    MessageViewRepository,
    AccessTokens,
    AgentAuthGuard,
    LoginUseCase,
    AuthenticateUseCase,
    SetPresenceUseCase,
    AcceptOfferUseCase,
    ListOffersUseCase,
    ListOngoingUseCase,
    OpenInteractionUseCase,
    SendMessageUseCase,
    ReadModelProjector,
    ReadModelConsumers,
    AgentSockets,
    AgentEventBus,
  ],
})
export class AgentGatewayModule {}
