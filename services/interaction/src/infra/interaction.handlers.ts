import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { queries } from '@threadline/contracts';
import {
  CONFIG,
  CONSUMERS,
  type ConsumerRegistry,
  consumerOf,
  DATA_SOURCE,
  LOGGER,
  NOTHING_TO_DO,
  OUTBOX,
  type Outbox,
  QUERIES,
  type QueryRegistry,
} from '@threadline/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { FollowProfileUseCase } from '../app/follow-profile.use-case';
import { InteractionFactsUseCase } from '../app/interaction-facts.use-case';
import { ReceiveInboundUseCase } from '../app/receive-inbound.use-case';
import { ChangeStateUseCase } from '../app/change-state.use-case';
import { RecordAssignmentUseCase } from '../app/record-assignment.use-case';
import { RecordDeliveryStatusUseCase } from '../app/record-delivery-status.use-case';
import { RecordReassignmentUseCase } from '../app/record-reassignment.use-case';
import { RequesterOptOuts } from '../app/requester-opt-outs';
import { RouteToAgents } from '../app/route-to-agents';
import { RunMessagingActionUseCase } from '../app/run-messaging-action.use-case';
import { SendAgentMessageUseCase } from '../app/send-agent-message.use-case';
import { StartAgentConversationUseCase } from '../app/start-agent-conversation.use-case';
import { TranscriptWriter } from '../app/transcript-writer';
import { VirtualAgentTurnUseCase } from '../app/virtual-agent-turn.use-case';
import type { CompanyNumbersConfig } from '../company-numbers.config';
import type { InteractionConfig } from '../interaction.config';
import { VirtualAgents } from './virtual-agents';

/** What the interaction service listens to and answers, each wired to its use case. */
@Injectable()
export class InteractionHandlers implements OnModuleInit {
  constructor(
    @Inject(CONSUMERS) private readonly consumers: ConsumerRegistry,
    @Inject(QUERIES) private readonly queryRegistry: QueryRegistry,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: InteractionConfig & CompanyNumbersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const settings = this.config.INTERACTION_COMPANY_NUMBERS_FILE;
    const optOuts = new RequesterOptOuts(this.outbox);
    const writer = new TranscriptWriter(this.outbox, optOuts);
    const router = new RouteToAgents(this.outbox, writer);
    const receiveInbound = new ReceiveInboundUseCase(this.outbox, settings, writer, router, optOuts);
    const recordAssignment = new RecordAssignmentUseCase(this.dataSource, this.outbox, writer);
    const changeState = new ChangeStateUseCase(
      this.dataSource,
      this.outbox,
      { wrapUpEnabled: this.config.INTERACTION_WRAP_UP_ENABLED },
      writer,
      settings,
    );
    const recordReassignment = new RecordReassignmentUseCase(this.outbox, writer);
    const recordDeliveryStatus = new RecordDeliveryStatusUseCase(optOuts, writer);
    const sendAgentMessage = new SendAgentMessageUseCase(
      this.dataSource,
      writer,
      this.config.SMS_MAX_SEGMENTS,
    );
    const followProfile = new FollowProfileUseCase(this.outbox);
    const startByAgent = new StartAgentConversationUseCase(
      this.dataSource,
      this.outbox,
      writer,
      this.config.SMS_MAX_SEGMENTS,
      optOuts,
    );
    const runMessagingAction = new RunMessagingActionUseCase(this.outbox, writer);
    const interactionFacts = new InteractionFactsUseCase(this.dataSource);
    const virtualAgentTurn = new VirtualAgentTurnUseCase(
      this.dataSource,
      this.outbox,
      writer,
      router,
      new VirtualAgents(settings, this.logger),
    );

    this.consumers.register({
      declaration: consumerOf('interaction', 'profile.requester.resolved.v1'),
      handler: (envelope, { manager, logger }) => receiveInbound.execute(envelope, manager, logger),
    });
    this.consumers.register({
      declaration: consumerOf('interaction', 'routing.workitem.assigned.v1'),
      handler: (envelope, { manager, logger }) => recordAssignment.execute(envelope, manager, logger),
    });
    // SPEC W9: routing gave back the work of an agent who became unavailable (reason `reassigned`).
    // Every other reason is let go without a transaction (most queued events are new conversations).
    this.consumers.registerPrepared({
      declaration: consumerOf('interaction', 'routing.workitem.queued.v1'),
      prepare: (envelope) =>
        Promise.resolve(envelope.data.reason === 'reassigned' ? envelope.data.reason : NOTHING_TO_DO),
      handler: (envelope, { manager, logger }) => recordReassignment.execute(envelope, manager, logger),
    });
    this.consumers.register({
      declaration: consumerOf('interaction', 'sms.outbound.status-changed.v1'),
      handler: (envelope, { manager, logger }) => recordDeliveryStatus.execute(envelope, manager, logger),
    });
    this.consumers.register({
      declaration: consumerOf('interaction', 'profile.messaging-profile.reassociated.v1'),
      handler: (envelope, { manager, logger }) => followProfile.execute(envelope, manager, logger),
    });
    // The virtual agent answers requester messages of the interactions it handles; an external
    // bot is asked in `prepare`, outside the transaction (its timeout is at most 30 s, the ack wait).
    this.consumers.registerPrepared({
      declaration: consumerOf('interaction', 'interaction.message.appended.v1'),
      prepare: (envelope) => virtualAgentTurn.prepare(envelope),
      handler: (envelope, { manager, logger, prepared }) =>
        virtualAgentTurn.execute(envelope, prepared, manager, logger),
    });
    // SPEC M5: a messaging action fired. A prompt for the agent is agent-gateway's, let go without
    // a transaction; the others are carried out here, once per timer.
    this.consumers.registerPrepared({
      declaration: consumerOf('interaction', 'timer.action.fired.v1'),
      prepare: (envelope) => runMessagingAction.prepare(envelope),
      handler: (envelope, { manager, logger }) => runMessagingAction.execute(envelope, manager, logger),
    });
    this.queryRegistry.answer(queries.interactionFacts, (request) => interactionFacts.execute(request));
    this.queryRegistry.answer(queries.sendMessage, (request) => sendAgentMessage.execute(request));
    this.queryRegistry.answer(queries.messageLimits, () =>
      Promise.resolve({ maxSegments: this.config.SMS_MAX_SEGMENTS }),
    );
    this.queryRegistry.answer(queries.planAgentStart, (request) => startByAgent.plan(request));
    this.queryRegistry.answer(queries.startAgentConversation, (request) => startByAgent.start(request));
    this.queryRegistry.answer(queries.changeState, (request) => changeState.execute(request));
    this.queryRegistry.answer(queries.recordAssignment, (request) =>
      recordAssignment.answer(request, this.logger),
    );
  }
}
