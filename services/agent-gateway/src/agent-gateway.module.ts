import { mediaStorageProvider } from '@threadline/platform';
import { Module } from '@nestjs/common';
import { AcceptOfferUseCase } from './app/accept-offer.use-case';
import { AgentPromptsUseCase } from './app/agent-prompts.use-case';
import { AuthenticateUseCase } from './app/authenticate.use-case';
import { ChangeConversationStateUseCase } from './app/change-conversation-state.use-case';
import { ConversationAccess } from './app/conversation-access';
import { ConversationHistoryUseCase } from './app/conversation-history.use-case';
import { CompanyNumbers } from './app/company-numbers';
import { ConfigureCapacityUseCase } from './app/configure-capacity.use-case';
import { ConfigureMessagingActionsUseCase } from './app/configure-messaging-actions.use-case';
import { ConfigurePresenceStatesUseCase } from './app/configure-presence-states.use-case';
import { ConfigureQueuesUseCase } from './app/configure-queues.use-case';
import { DirectoryImportSender } from './app/directory-import-sender';
import { DirectoryImportStatusUseCase } from './app/directory-import-status.use-case';
import { GetProfileUseCase } from './app/get-profile.use-case';
import { InteractionTimersUseCase } from './app/interaction-timers.use-case';
import { ListCompanyNumbersUseCase } from './app/list-company-numbers.use-case';
import { MessageLimitsUseCase } from './app/message-limits.use-case';
import { ListOffersUseCase } from './app/list-offers.use-case';
import { ListOngoingUseCase } from './app/list-ongoing.use-case';
import { ListOngoingWorkUseCase } from './app/list-ongoing-work.use-case';
import { ListWaitingWorkUseCase } from './app/list-waiting-work.use-case';
import { ListAgentAccountsUseCase } from './app/list-agent-accounts.use-case';
import { ListAllCompanyNumbersUseCase } from './app/list-all-company-numbers.use-case';
import { LoginUseCase } from './app/login.use-case';
import { LookupRequesterUseCase } from './app/lookup-requester.use-case';
import { OpenInteractionUseCase } from './app/open-interaction.use-case';
import { OutboundTargets } from './app/outbound-target';
import { PrecheckOutboundUseCase } from './app/precheck-outbound.use-case';
import { ProfileAccess } from './app/profile-access';
import { ProfileHistoryUseCase } from './app/profile-history.use-case';
import { ReadModelProjector } from './app/read-model-projector';
import { ReassociateProfileUseCase } from './app/reassociate-profile.use-case';
import { ReportPresenceUseCase } from './app/report-presence.use-case';
import { RejectOfferUseCase } from './app/reject-offer.use-case';
import { RoutingOverviewUseCase } from './app/routing-overview.use-case';
import { SearchConversationsUseCase } from './app/search-conversations.use-case';
import { SearchDirectoryUseCase } from './app/search-directory.use-case';
import { SendMessageUseCase } from './app/send-message.use-case';
import { SetPresenceUseCase } from './app/set-presence.use-case';
import { StartDirectoryImportUseCase } from './app/start-directory-import.use-case';
import { StartOutboundConversationUseCase } from './app/start-outbound-conversation.use-case';
import { TransferConversationUseCase } from './app/transfer-conversation.use-case';
import { UndoProfileChangeUseCase } from './app/undo-profile-change.use-case';
import { AccessTokens } from './infra/auth/access-tokens';
import { AgentAuthGuard } from './infra/auth/agent-auth.guard';
import { LoginLimiter } from './infra/auth/login-limiter';
import { RoleGuard } from './infra/auth/role.guard';
import { AgentAccountRepository } from './infra/database/agent-account.repository';
import { AgentPromptRepository } from './infra/database/agent-prompt.repository';
import { ConversationSearchRepository } from './infra/database/conversation-search.repository';
import { CompanyNumberRepository } from './infra/database/company-number.repository';
import { ConversationViewRepository } from './infra/database/conversation-view.repository';
import { MessageViewRepository } from './infra/database/message-view.repository';
import { OfferViewRepository } from './infra/database/offer-view.repository';
import { OptOutViewRepository } from './infra/database/opt-out-view.repository';
import { AdminAccountsController } from './infra/http/admin-accounts.controller';
import { AdminCapacityController } from './infra/http/admin-capacity.controller';
import { AdminMessagingActionsController } from './infra/http/admin-messaging-actions.controller';
import { AdminPresenceStatesController } from './infra/http/admin-presence-states.controller';
import { AdminQueuesController } from './infra/http/admin-queues.controller';
import { AuthController } from './infra/http/auth.controller';
import { DirectoryController } from './infra/http/directory.controller';
import { MediaController } from './infra/http/media.controller';
import { MediaUploadRepository } from './infra/database/media-upload.repository';
import { ReadConversationMediaUseCase, UploadMediaUseCase } from './app/media.use-cases';
import { DirectoryUploadMiddleware } from './infra/http/directory-upload.middleware';
import { InteractionSearchController } from './infra/http/interaction-search.controller';
import { InteractionsController } from './infra/http/interactions.controller';
import { MeController } from './infra/http/me.controller';
import { OffersController } from './infra/http/offers.controller';
import { OutboundController } from './infra/http/outbound.controller';
import { ProfilesController } from './infra/http/profiles.controller';
import { RoutingOverviewController } from './infra/http/routing-overview.controller';
import { SupervisionController } from './infra/http/supervision.controller';
import { AgentPromptsConsumer } from './infra/messaging/agent-prompts.consumer';
import { ReadModelConsumers } from './infra/messaging/read-model.consumers';
import { AgentEventBus } from './infra/push/agent-event-bus';
import { AgentSockets } from './infra/push/agent-sockets';
import { PresenceHeartbeats } from './infra/push/presence-heartbeats';

@Module({
  controllers: [
    AuthController,
    MediaController,
    MeController,
    OffersController,
    // Before InteractionsController: Express tries routes in the order they were registered, and
    // GET /interactions/search must not be taken for GET /interactions/:id.
    InteractionSearchController,
    InteractionsController,
    ProfilesController,
    DirectoryController,
    SupervisionController,
    OutboundController,
    AdminQueuesController,
    AdminPresenceStatesController,
    AdminCapacityController,
    RoutingOverviewController,
    AdminMessagingActionsController,
    AdminAccountsController,
  ],
  providers: [
    AgentAccountRepository,
    ConversationViewRepository,
    OfferViewRepository,
    OptOutViewRepository,
    MessageViewRepository,
    ConversationSearchRepository,
    ConversationAccess,
    ListOngoingWorkUseCase,
    ListWaitingWorkUseCase,
    SearchConversationsUseCase,
    ConversationHistoryUseCase,
    AccessTokens,
    AgentAuthGuard,
    RoleGuard,
    LoginLimiter,
    LoginUseCase,
    AuthenticateUseCase,
    SetPresenceUseCase,
    AcceptOfferUseCase,
    RejectOfferUseCase,
    ListOffersUseCase,
    ListOngoingUseCase,
    OpenInteractionUseCase,
    SendMessageUseCase,
    ChangeConversationStateUseCase,
    TransferConversationUseCase,
    ProfileAccess,
    LookupRequesterUseCase,
    GetProfileUseCase,
    ProfileHistoryUseCase,
    ReassociateProfileUseCase,
    UndoProfileChangeUseCase,
    SearchDirectoryUseCase,
    DirectoryImportSender,
    StartDirectoryImportUseCase,
    DirectoryImportStatusUseCase,
    DirectoryUploadMiddleware,
    mediaStorageProvider,
    MediaUploadRepository,
    UploadMediaUseCase,
    ReadConversationMediaUseCase,
    ReadModelProjector,
    ReadModelConsumers,
    CompanyNumberRepository,
    CompanyNumbers,
    ListCompanyNumbersUseCase,
    MessageLimitsUseCase,
    ListAllCompanyNumbersUseCase,
    ListAgentAccountsUseCase,
    OutboundTargets,
    PrecheckOutboundUseCase,
    StartOutboundConversationUseCase,
    ConfigureQueuesUseCase,
    ConfigurePresenceStatesUseCase,
    ConfigureCapacityUseCase,
    RoutingOverviewUseCase,
    ReportPresenceUseCase,
    ConfigureMessagingActionsUseCase,
    InteractionTimersUseCase,
    AgentPromptRepository,
    AgentPromptsUseCase,
    AgentPromptsConsumer,
    AgentSockets,
    AgentEventBus,
    PresenceHeartbeats,
  ],
})
export class AgentGatewayModule {}
